package dev.imbench.gatling;

import dev.imbench.protocol.BadFrame;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.AuthRequest;
import dev.imbench.protocol.pb.AuthResponse;
import dev.imbench.protocol.pb.C2CPushRequest;
import dev.imbench.protocol.pb.C2CPushResponse;
import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.C2CSendResponse;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.ErrorResponse;
import dev.imbench.protocol.pb.Keepalive;
import dev.imbench.protocol.pb.PullMsg;
import dev.imbench.protocol.pb.PullRequest;
import dev.imbench.protocol.pb.PullResponse;
import dev.imbench.sim.load.Seeds;
import dev.imbench.sim.transport.DisconnectCause;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * One Gatling virtual user's side of the reference wire: builds its request frames, reads the
 * server's answers and pushes, and tells the {@link ImbenchRecorder} what happened, so the
 * simulation's session hooks stay one call each. Chat users send c2c messages on a seeded schedule
 * and are in the delivery ledger; a kickout user logs one device in twice and is not.
 *
 * <p>Methods are synchronized: Gatling runs a user's actions and its WebSocket's checks on
 * different threads.
 */
public final class ImUser {

    /** The device type of every Gatling device (kickout applies within one type). */
    public static final DeviceType DEVICE = DeviceType.WEB;
    /** A user's pause between two looks at its inbound messages while it waits to send. */
    static final long SLICE_NANOS = 50_000_000L;

    private final ImbenchRecorder run;
    private final int index;
    private final String uid;
    private final long createdNanos = System.nanoTime();
    private final ImUser firstDevice;
    private final String content;
    private int seq;
    private int awaited;
    private long cursor;
    private boolean lastPageEmpty;
    private long pullSentNanos;
    private boolean loggedIn;
    private boolean kicked;
    private long kickoutStartNanos;
    // steady schedule
    private SplittableRandom random;
    private long intervalNanos;
    private long nextIntended;
    private long lastKeepalive;
    // the send awaiting its ack, and those whose ack timed out (a late ack still counts)
    private Pending pending;
    private final Map<Integer, Pending> late = new HashMap<>();

    private final List<Inbound> kept = new ArrayList<>();
    private final java.util.ArrayDeque<byte[]> acks = new java.util.ArrayDeque<>();

    private record Pending(int seq, long id, long intended, long sent) {
    }

    private record Inbound(byte[] message, long nanos) {
    }

    private ImUser(ImbenchRecorder run, int index, String uid, ImUser firstDevice) {
        this.run = run;
        this.index = index;
        this.uid = uid;
        this.firstDevice = firstDevice;
        this.content = "x".repeat(run.settings().messageBytes());
    }

    /** The next chat user of the run (client index in join order). */
    public static ImUser chat(ImbenchRecorder run) {
        int i = run.join();
        return new ImUser(run, i, run.uid(i), null);
    }

    /** The first device of kickout user {@code k}. */
    public static ImUser kickoutFirst(ImbenchRecorder run, int k) {
        return new ImUser(run, -1, run.kickoutUid(k), null);
    }

    /** A second device of the same user and device type: its login must kick this one. */
    public ImUser secondDevice() {
        return new ImUser(run, -1, uid, this);
    }

    /** The uid. */
    public String uid() {
        return uid;
    }

    /** The client index (-1 for a kickout device). */
    public int index() {
        return index;
    }

    /** The SSO login body: {@code {"uid", "deviceType"}}. */
    public String ssoBody() {
        return "{\"uid\":\"" + uid + "\",\"deviceType\":\"" + DEVICE.name() + "\"}";
    }

    /** The seq of the request whose answer the user awaits. */
    public synchronized int awaited() {
        return awaited;
    }

    /**
     * The matching criterion of every check of this user: whether a message answers the awaited
     * request. A message that does not (a push, a kickout, a late ack) is kept here with its arrival
     * time for {@link #inbound}: Gatling 3.14 discards a frame that arrives while a check is pending
     * and does not match it (only frames that arrive between checks reach its unmatched-message
     * buffer), so without this the simulation would miss the pushes that come during an await.
     * (Gatling also empties that buffer at every send: the simulation reads it right before each one.)
     */
    public synchronized boolean answersOrKeep(byte[] message) {
        if (WireFrames.answers(message, awaited)) {
            return true;
        }
        kept.add(new Inbound(message, System.nanoTime()));
        return false;
    }

    private int next() {
        awaited = ++seq;
        return awaited;
    }

    // --- login -------------------------------------------------------------------------------------

    /** AUTH_REQ with the SSO token. A second device's AUTH starts the kickout clock. */
    public synchronized byte[] auth(String token) {
        if (firstDevice != null) {
            firstDevice.kickoutStarting(System.nanoTime());
        }
        return WireFrames.encode(CmdId.AUTH_REQ, next(), AuthRequest.newBuilder().setToken(token).setUid(uid)
                .setTimestamp(System.currentTimeMillis()).setDeviceType(DEVICE).build());
    }

    private synchronized void kickoutStarting(long nanos) {
        kickoutStartNanos = nanos;
    }

    /** Whether an AUTH_RESP says OK; a chat user is then online (login latency from its start). */
    public synchronized boolean authAnswered(byte[] message) {
        long now = System.nanoTime();
        Frame f = frame(message);
        boolean ok = f != null && f.cmd() == CmdId.AUTH_RESP && f.bodyAs(AuthResponse.class).getStatus() == AuthResponse.Status.OK;
        if (index >= 0) {
            if (ok && !loggedIn) {
                loggedIn = true;
                run.loggedIn(index, createdNanos, now);
            } else if (!ok) {
                run.loginFailed();
            }
        }
        return ok;
    }

    /** The SSO login failed: counted as a failed login. */
    public void ssoFailed() {
        if (index >= 0) {
            run.loginFailed();
        }
    }

    // --- offline pull ------------------------------------------------------------------------------

    /** PULL_REQ from the largest msgid received so far. */
    public synchronized byte[] pull() {
        pullSentNanos = System.nanoTime();
        return WireFrames.encode(CmdId.PULL_REQ, next(), PullRequest.newBuilder().setUid(uid).setOffset(cursor).build());
    }

    /**
     * Reads a PULL_RESP page into the ledger (arrivals by pull, now); false if it is not one.
     * {@link #pullDone()} then says whether the page was empty.
     */
    public synchronized boolean pullAnswered(byte[] message) {
        long now = System.nanoTime();
        Frame f = frame(message);
        if (f == null || f.cmd() != CmdId.PULL_RESP) {
            return false;
        }
        List<PullMsg> msgs = f.bodyAs(PullResponse.class).getMsgsList();
        for (PullMsg m : msgs) {
            cursor = Math.max(cursor, m.getMsgid());
            if (index >= 0 && m.getCmdid() == CmdId.C2C_PUSH_REQ.getNumber()) {
                run.arrived(index, m.getClientMsgId(), m.getMsgid(), true, now);
            }
        }
        lastPageEmpty = msgs.isEmpty();
        if (index >= 0) {
            run.pulled(index, pullSentNanos, now);
        }
        return true;
    }

    /** Whether the last page was empty (the pull loop ends there). */
    public synchronized boolean pullDone() {
        return lastPageEmpty;
    }

    /** Starts another pull loop. */
    public synchronized void pullAgain() {
        lastPageEmpty = false;
    }

    // --- the steady phase: c2c sends ---------------------------------------------------------------

    /**
     * Lays out this user's sends: one every users ÷ rate seconds from a seeded offset after the steady
     * phase's start, to its end; each intended time counts as offered load now, sent or not.
     */
    public synchronized void planSends() {
        random = Seeds.forClientPhase(run.settings().seed(), index, 1);
        intervalNanos = run.settings().sendInterval().toNanos();
        nextIntended = run.steadyStartNanos() + (long) (random.nextDouble() * intervalNanos);
        for (long t = nextIntended; t < run.steadyEndNanos(); t += intervalNanos) {
            run.offered(t);
        }
        lastKeepalive = System.nanoTime();
    }

    /** Whether a send is still intended (the steady phase has not ended for this user's schedule). */
    public synchronized boolean sending() {
        return nextIntended < run.steadyEndNanos();
    }

    /** How long to pause before looking again: up to the next intended send, at most 50 ms. */
    public synchronized Duration pauseSlice() {
        long wait = nextIntended - System.nanoTime();
        return Duration.ofNanos(Math.max(0, Math.min(wait, SLICE_NANOS)));
    }

    /** Whether the next send is due now. */
    public synchronized boolean sendDue() {
        return System.nanoTime() >= nextIntended;
    }

    /** C2C_SEND_REQ of the next intended message to a seeded other user; recorded as attempted and sent. */
    public synchronized byte[] send() {
        int users = run.settings().users();
        int to = random.nextInt(users - 1);
        if (to >= index) {
            to++;
        }
        long intended = nextIntended;
        nextIntended += intervalNanos;
        long id = run.attempt(index, to, intended);
        int s = next();
        byte[] frame = WireFrames.encode(CmdId.C2C_SEND_REQ, s, C2CSendRequest.newBuilder().setFrom(uid)
                .setTo(run.uid(to)).setContent(content).setClientMsgId(id).build());
        long now = System.nanoTime();
        run.sent(index, id, intended, now);
        pending = new Pending(s, id, intended, now);
        return frame;
    }

    /** Whether a message is the ack of the pending send; records it (ack latency from the intended time). */
    public synchronized boolean ackAnswered(byte[] message) {
        long now = System.nanoTime();
        Frame f = frame(message);
        Pending p = pending;
        if (p == null || f == null || f.seq() != p.seq()) {
            return false;
        }
        if (f.cmd() != CmdId.C2C_SEND_RESP || f.bodyAs(C2CSendResponse.class).getClientMsgId() != p.id()) {
            return false;
        }
        pending = null;
        run.acked(index, p.id(), p.intended(), p.sent(), now, false);
        return true;
    }

    /** After the ack's await: a send still pending timed out (or was refused); a later ack still counts. */
    public synchronized void sendSettled() {
        if (pending != null) {
            late.put(pending.seq(), pending);
            pending = null;
            run.ackMissing();
        }
    }

    /** Whether a keepalive is due (one per keepalive period). */
    public synchronized boolean keepaliveDue() {
        return System.nanoTime() - lastKeepalive >= run.settings().keepalive().toNanos();
    }

    /** KEEPALIVE_REQ. */
    public synchronized byte[] keepalive() {
        lastKeepalive = System.nanoTime();
        return WireFrames.encode(CmdId.KEEPALIVE_REQ, next(), Keepalive.getDefaultInstance());
    }

    /** Whether a message is a KEEPALIVE_RESP. */
    public static boolean keepaliveAnswered(byte[] message) {
        Frame f = frame(message);
        return f != null && f.cmd() == CmdId.KEEPALIVE_RESP;
    }

    // --- what the server sends unasked -------------------------------------------------------------

    /**
     * Reads the messages no check matched: those Gatling buffered between checks (given, each with
     * its Gatling arrival time, epoch ms) and those kept by {@link #answersOrKeep} during checks, in
     * arrival order; queues the C2C_PUSH_RESP frames the user must send ({@link #nextAck()}).
     */
    public synchronized void inbound(List<byte[]> messages, List<Long> arrivedEpochMs) {
        List<Inbound> all = new ArrayList<>(kept);
        kept.clear();
        for (int i = 0; i < messages.size(); i++) {
            all.add(new Inbound(messages.get(i), run.nanosOfEpochMs(arrivedEpochMs.get(i))));
        }
        all.sort(java.util.Comparator.comparingLong(Inbound::nanos));
        for (Inbound in : all) {
            long nanos = in.nanos();
            Frame f = frame(in.message());
            if (f == null) {
                continue;
            }
            switch (f.cmd()) {
                case C2C_PUSH_REQ -> {
                    C2CPushRequest p = f.bodyAs(C2CPushRequest.class);
                    cursor = Math.max(cursor, p.getMsgid());
                    if (index >= 0) {
                        run.arrived(index, p.getClientMsgId(), p.getMsgid(), false, nanos);
                    }
                    acks.add(WireFrames.encode(CmdId.C2C_PUSH_RESP, f.seq(),
                            C2CPushResponse.newBuilder().setMsgid(p.getMsgid()).build()));
                }
                case KICKOUT_REQ -> {
                    if (!kicked) {
                        kicked = true;
                        run.kicked(kickoutStartNanos == 0 ? nanos : kickoutStartNanos, nanos);
                    }
                }
                case C2C_SEND_RESP -> {
                    Pending p = late.remove(f.seq());
                    if (p != null && f.bodyAs(C2CSendResponse.class).getClientMsgId() == p.id()) {
                        run.acked(index, p.id(), p.intended(), p.sent(), nanos, true);
                    }
                }
                case ERROR_RESP -> run.error(f.bodyAs(ErrorResponse.class).getCode());
                default -> {
                    // keepalive answers and other late answers: nothing to record
                }
            }
        }
    }

    /** Whether a push ack is waiting to be sent. */
    public synchronized boolean ackDue() {
        return !acks.isEmpty();
    }

    /** The next C2C_PUSH_RESP to send (oldest first). */
    public synchronized byte[] nextAck() {
        return acks.removeFirst();
    }

    /** Whether this device received its kickout. */
    public synchronized boolean kicked() {
        return kicked;
    }

    /** Whether the second device's kickout reached the first. */
    public boolean firstDeviceKicked() {
        return firstDevice != null && firstDevice.kicked();
    }

    // --- the drain ---------------------------------------------------------------------------------

    /** This user's schedule has ended: it sends no more. */
    public void doneSending() {
        run.doneSending();
    }

    /** Whether every chat user has stopped sending and every send is answered or timed out (the final pull may start). */
    public boolean othersSettled() {
        return run.sendingDone();
    }

    /** The chat user pulled until an empty page after the steady phase, and logs out. */
    public synchronized void drained() {
        if (index >= 0) {
            run.drained();
            if (loggedIn) {
                loggedIn = false;
                run.loggedOut(DisconnectCause.PLANNED);
            }
        }
    }

    private static Frame frame(byte[] message) {
        return switch (WireFrames.decode(message)) {
            case Frame f -> f;
            case BadFrame b -> null;
        };
    }
}
