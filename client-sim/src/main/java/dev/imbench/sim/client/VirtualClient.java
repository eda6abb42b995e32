package dev.imbench.sim.client;

import com.google.protobuf.Message;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.AuthRequest;
import dev.imbench.protocol.pb.AuthResponse;
import dev.imbench.protocol.pb.C2CPushRequest;
import dev.imbench.protocol.pb.C2CPushResponse;
import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.C2CSendResponse;
import dev.imbench.protocol.pb.C2GPushRequest;
import dev.imbench.protocol.pb.C2GPushResponse;
import dev.imbench.protocol.pb.C2GSendRequest;
import dev.imbench.protocol.pb.C2GSendResponse;
import dev.imbench.protocol.pb.C2SSendRequest;
import dev.imbench.protocol.pb.C2SSendResponse;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.CtrlPushRequest;
import dev.imbench.protocol.pb.CtrlPushResponse;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.ErrorCode;
import dev.imbench.protocol.pb.ErrorResponse;
import dev.imbench.protocol.pb.Keepalive;
import dev.imbench.protocol.pb.PullMsg;
import dev.imbench.protocol.pb.S2CPushRequest;
import dev.imbench.protocol.pb.S2CPushResponse;
import dev.imbench.sim.ledger.Arrival;
import dev.imbench.sim.ledger.DeliveryLedger;
import dev.imbench.sim.load.Seeds;
import dev.imbench.sim.measure.Metric;
import dev.imbench.sim.measure.SimCounters;
import dev.imbench.sim.transport.Connection;
import dev.imbench.sim.transport.ConnectionClosedException;
import dev.imbench.sim.transport.DisconnectCause;
import dev.imbench.sim.transport.TransportListener;
import java.io.IOException;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * One virtual mobile device, with blocking I/O on a virtual thread that runs only while the client has
 * work ({@link OnDemand}): a frame arrived, a control call (a task, a new phase, a drain), or a wake-up
 * it asked the shared {@link ClientTimer} for (its next action, heartbeat, ack deadline, backoff). An
 * idle client holds no thread and no parked stack, only its state and one timer entry.
 *
 * <p>Its loop: log in (SSO token, connect, AUTH with the device type), pull
 * offline messages page by page until an empty page, resend every unacked
 * message with its original client message id, then serve: send on the
 * schedule of intended start times, heartbeat, ack and de-duplicate pushes.
 * A disconnect or an ack timeout leads to a reconnect after capped exponential
 * backoff with jitter; a kickout (OTHER_LOGIN) ends the client for good.
 */
public final class VirtualClient {

    private static final int STREAM_BACKOFF = 2;
    private static final VarHandle ANSWER_ROUND;
    private static final VarHandle DRAIN_ROUND;
    /** What {@link #work()} returns once the client is done for good (stopped or kicked). */
    private static final long DONE = OnDemand.DONE;
    /** What {@link #serve()} returns when the loop must go on (churn, an offline period, a stop). */
    private static final long AGAIN = Long.MIN_VALUE + 1;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            ANSWER_ROUND = l.findVarHandle(VirtualClient.class, "answerRound", SettleRound.class);
            DRAIN_ROUND = l.findVarHandle(VirtualClient.class, "drainRound", SettleRound.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final int index;
    private final String uid;
    private final DeviceType device;
    private final ClientContext ctx;
    private final SimCounters counters;
    private final DeliveryLedger ledger;
    private final SplittableRandom jitter;
    private final TransportListener listener;
    private final FrameTrace trace;
    private final Outbox outbox;
    private final ActionSchedule schedule;
    private final ConcurrentLinkedQueue<ClientTask> tasks = new ConcurrentLinkedQueue<>();
    private final OnDemand runner;
    private volatile Connection conn;
    private volatile boolean stopRequested;
    private volatile long offlineUntilNanos;
    private volatile long loginIntendedNanos;
    /** The drain's round of "every message answered" this client still owes (null: none). */
    private volatile SettleRound answerRound;
    /** The drain's round of "pulled until an empty page" this client still owes (null: none). */
    private volatile SettleRound drainRound;
    /** The client's thread has ended: a round handed to it now is settled at once. */
    private volatile boolean ended;
    private volatile boolean kicked;
    private volatile boolean loggedIn;
    /** Logged in and done with the pull that follows the login. */
    private volatile boolean caughtUp;
    /** A control call came since the last activation: it cuts a backoff or offline wait short. */
    private volatile boolean woken;
    /** Backing off until then (after a failed login or a lost connection); 0: not. */
    private long backoffUntilNanos;
    private volatile boolean churnRequested;
    private long cursor;
    /** The cursor when this connection began: its first pull starts here (pushes on it may pass rows lost with the old one). */
    private long resumeFrom;
    private int seq;
    /**
     * Actions intended before this are drawn but not sent: before the client's intended first login, and
     * while it was away (offline, or a device that appears mid-run): its user starts again once logged in
     * and caught up, when the first pull after the absence ends.
     */
    private long skipBeforeNanos;
    private boolean away;
    private long nextHeartbeatNanos;
    private long disconnectedAtNanos;
    /** When the current connection logged in: actions intended before it waited for the network, not the generator. */
    private long servingSinceNanos;
    private int failures;

    /**
     * A client for the given index; {@code loginIntendedNanos} is when its first
     * login should start (the ramp schedule).
     */
    public VirtualClient(int index, ClientContext ctx, long loginIntendedNanos, boolean traced) {
        this.index = index;
        this.uid = ctx.uid(index);
        this.device = ctx.device(index);
        this.ctx = ctx;
        this.counters = ctx.measurements().counters();
        this.ledger = ctx.ledger();
        this.jitter = Seeds.forClient(ctx.seed(), index, STREAM_BACKOFF);
        this.trace = traced ? new FrameTrace(counters, ctx.measurements().startNanos()) : null;
        this.listener = traced ? trace : counters;
        this.loginIntendedNanos = loginIntendedNanos;
        this.skipBeforeNanos = loginIntendedNanos;
        this.schedule = new ActionSchedule(ctx, index);
        this.outbox = new Outbox(ctx.settings(), jitter, counters::abandoned);
        this.runner = new OnDemand(ctx.timer(), this::work, this::finish);
    }

    /**
     * Marks a device that appears mid-run (the second device of a kickout): it sends only the actions
     * intended after it has logged in and pulled. Call before {@link #start()}.
     */
    public void startAway() {
        away = true;
    }

    /** Starts the client: its first activation logs it in. */
    public void start() {
        runner.signal();
    }

    /** The client's last act: it closes its connection and settles what it owed. */
    private void finish() {
        disconnect(DisconnectCause.PLANNED, "stopped");
        ended = true;
        settle(ANSWER_ROUND);
        settle(DRAIN_ROUND);
    }

    /**
     * One activation's work: does what is due now, until nothing is; returns when the client wants to be
     * woken next ({@link Long#MAX_VALUE}: only by an event), or {@link #DONE}.
     */
    private long work() {
        if (woken) {
            woken = false;
            backoffUntilNanos = 0; // a control call ends a backoff early, as it always did
        }
        while (!stopRequested && !kicked) {
            long now = System.nanoTime();
            long offline = offlineUntilNanos;
            if (offline != 0) {
                if (offline > now) {
                    disconnect(DisconnectCause.PLANNED, "offline period");
                    return offline;
                }
                // Back from an offline period: log in now, and skip the actions intended before the client is
                // back (the schedule itself goes on, so the actions after it are the seed's).
                offlineUntilNanos = 0;
                loginIntendedNanos = now;
                away = true;
            }
            if (backoffUntilNanos > now) {
                return backoffUntilNanos;
            }
            backoffUntilNanos = 0;
            if (conn == null) {
                if (!login()) {
                    backoffUntilNanos = System.nanoTime() + ctx.settings().backoff().delayNanos(failures++, jitter);
                    continue;
                }
            }
            try {
                long wake = serve();
                if (wake != AGAIN) {
                    return wake;
                }
            } catch (ConnectionClosedException e) {
                disconnect(e.disconnectCause(), e.getMessage());
            } catch (IOException e) {
                disconnect(DisconnectCause.ERROR, e.getMessage());
            }
            if (!kicked && !stopRequested && offlineUntilNanos <= System.nanoTime()) {
                backoffUntilNanos = System.nanoTime() + ctx.settings().backoff().delayNanos(failures++, jitter);
            }
        }
        return DONE;
    }

    /** Settles the round held in a field, once: whoever takes it out of the field settles it. */
    private void settle(VarHandle round) {
        SettleRound r = (SettleRound) round.getAndSet(this, (SettleRound) null);
        if (r != null) {
            r.settle();
        }
    }

    /** Hands a round to this client; one it still owed is settled (superseded), and an ended client settles at once. */
    private void owe(VarHandle field, SettleRound round) {
        round.expect();
        SettleRound old = (SettleRound) field.getAndSet(this, round);
        if (old != null) {
            old.settle();
        }
        if (ended) {
            settle(field);
        }
        wake();
    }

    private boolean login() {
        long intended = loginIntendedNanos;
        long start = System.nanoTime();
        Connection c = null;
        try {
            String token = ctx.tokens().token(uid, device);
            c = ctx.transport().connect(index, listener);
            c.onArrival(runner::signal);
            conn = c;
            seq = 0;
            resumeFrom = cursor;
            Frame resp = request(CmdId.AUTH_REQ, AuthRequest.newBuilder().setToken(token).setUid(uid)
                    .setTimestamp(System.currentTimeMillis()).setDeviceType(device).build());
            if (resp.cmd() != CmdId.AUTH_RESP || resp.bodyAs(AuthResponse.class).getStatus() != AuthResponse.Status.OK) {
                ErrorCode code = resp.cmd() == CmdId.AUTH_RESP ? resp.bodyAs(AuthResponse.class).getErrCode()
                        : resp.bodyAs(ErrorResponse.class).getCode();
                counters.error(code);
                throw new IOException("auth refused: " + code);
            }
        } catch (IOException | RuntimeException e) {
            note("login failed: " + e.getMessage());
            counters.loginFailed();
            if (c != null) {
                c.close(DisconnectCause.ERROR, e.getMessage());
            }
            conn = null;
            return false;
        }
        long now = System.nanoTime();
        ctx.measurements().record(Metric.LOGIN, index, intended == 0 ? start : intended, start, now);
        servingSinceNanos = now;
        if (disconnectedAtNanos != 0) {
            ctx.measurements().record(Metric.RECONNECT, index, disconnectedAtNanos, disconnectedAtNanos, now);
            disconnectedAtNanos = 0;
        }
        loginIntendedNanos = 0;
        counters.connected();
        loggedIn = true;
        failures = 0;
        nextHeartbeatNanos = now + ctx.settings().heartbeatNanos();
        note("logged in");
        return true;
    }

    /**
     * Serves the logged-in connection until the client is idle and returns when it wants to be woken, or
     * {@link #AGAIN} (churn, an offline period or a stop began). The first activation of a connection
     * pulls what waited and resends what was unacked.
     */
    private long serve() throws IOException {
        Connection c = conn;
        if (!caughtUp) {
            pullAll(resumeFrom, true);
            caughtUp = true;
            ctx.readyChanged(1);
            if (away) {
                // Back after an absence: the user sends again once logged in and caught up.
                away = false;
                skipBeforeNanos = System.nanoTime();
            }
            outbox.resendAll(this::transmit);
        }
        while (!stopRequested && offlineUntilNanos <= System.nanoTime()) {
            if (churnRequested) {
                churnRequested = false;
                disconnect(DisconnectCause.PLANNED, "churn");
                disconnectedAtNanos = System.nanoTime();
                return AGAIN;
            }
            if (drainRound != null && outbox.isEmpty()) {
                pullAll(cursor, true);
                settle(DRAIN_ROUND);
            }
            ClientTask task;
            while ((task = tasks.poll()) != null) {
                task.run(this::request);
            }
            long now = System.nanoTime();
            schedule.follow(now, outbox.isEmpty());
            while (schedule.nextNanos() <= now) {
                act(schedule.draw(outbox.isEmpty()));
                schedule.follow(now, outbox.isEmpty());
            }
            SettleRound answers = answerRound;
            if (answers != null && outbox.isEmpty() && schedule.enteredVersion() >= answers.version()) {
                settle(ANSWER_ROUND); // no new message comes in the drain's phase, so this stays true
            }
            long wake = Math.min(schedule.nextNanos(), nextHeartbeatNanos);
            wake = outbox.due(now, wake, this::transmit);
            if (nextHeartbeatNanos <= now) {
                c.send(Frame.of(CmdId.KEEPALIVE_REQ, ++seq, Keepalive.getDefaultInstance()));
                nextHeartbeatNanos = now + ctx.settings().heartbeatNanos();
                continue;
            }
                Frame f;
            try {
                f = c.receive(0); // a poll: it never waits
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectionClosedException(DisconnectCause.PLANNED, "interrupted");
            }
            if (f == null) {
                return wake; // idle: a frame arriving, a control call or this time wakes the client
            }
            handle(f);
        }
        return AGAIN;
    }

    private void act(ActionSchedule.Action a) throws IOException {
        long intended = a.intended();
        if (intended < skipBeforeNanos) {
            return; // drawn but not sent: the client was not there yet, or away
        }
        switch (a.kind()) {
            case REPORT -> report(intended);
            case PULL -> periodicPull(intended);
            case C2C, C2G -> {
                ctx.measurements().offered(intended, a.kind() == ActionSchedule.Kind.C2G, 1);
                outbox.send(new PendingSend(ledger.attempt(index, a.target(), intended), a.target(), intended),
                        this::transmit);
            }
            case NONE -> { }
        }
    }

    /** A c2s report to the business line, acked once queued; resent like a message until then. */
    private void report(long intended) throws IOException {
        outbox.send(new PendingSend(ctx.business().report(index, intended), Integer.MIN_VALUE, intended, true),
                this::transmit);
    }

    /** A periodic pull round from the cursor until an empty page; its latency counts from its intended start. */
    private void periodicPull(long intended) throws IOException {
        long start = System.nanoTime();
        OfflinePuller.Round round = pullAll(cursor, false);
        ctx.measurements().record(Metric.PULL_PERIODIC, index, intended, start, System.nanoTime());
        ctx.business().pullRound(round.pages(), round.rows());
    }

    private void transmit(PendingSend p, boolean resend) throws IOException {
        p.seq = ++seq;
        p.resendAtNanos = 0;
        long now = System.nanoTime();
        if (p.report) {
            if (p.firstSentNanos == 0) {
                p.firstSentNanos = now;
                ctx.business().reportSent(p.id, now);
                if (p.intendedNanos >= servingSinceNanos) {
                    ctx.measurements().record(Metric.LAG, index, p.intendedNanos, p.intendedNanos, now);
                }
            } else if (resend) {
                counters.resend();
            }
            p.deadlineNanos = now + ctx.settings().ackTimeoutNanos();
            conn.send(Frame.of(CmdId.C2S_SEND_REQ, p.seq, C2SSendRequest.newBuilder().setFrom(uid)
                    .setBusiness(ctx.businessLine()).setPayload(com.google.protobuf.ByteString.copyFromUtf8("r" + p.id))
                    .setClientMsgId(p.id).build()));
            return;
        }
        Frame frame;
        if (p.target >= 0) {
            frame = Frame.of(CmdId.C2C_SEND_REQ, p.seq, C2CSendRequest.newBuilder().setFrom(uid)
                    .setTo(ctx.uid(p.target)).setContent("m" + p.id).setClientMsgId(p.id).build());
        } else {
            frame = Frame.of(CmdId.C2G_SEND_REQ, p.seq, C2GSendRequest.newBuilder().setFrom(uid)
                    .setGroup(ctx.groups().serverId(-p.target - 1)).setContent("m" + p.id).setClientMsgId(p.id).build());
        }
        if (p.firstSentNanos == 0) {
            p.firstSentNanos = now;
            ledger.sent(p.id, now);
            counters.count(SimCounters.Series.SENT);
            ctx.measurements().sent(index, p.intendedNanos, now, p.intendedNanos >= servingSinceNanos);
        } else if (resend) {
            counters.resend();
        }
        p.deadlineNanos = now + ctx.settings().ackTimeoutNanos();
        conn.send(frame);
    }

    private void acked(long id, long now) {
        PendingSend p = outbox.acked(id);
        if (p == null) {
            return;
        }
        if (p.report) {
            ctx.business().reportAcked(id, now);
            ctx.measurements().record(Metric.C2S_ACK, index, p.intendedNanos, p.firstSentNanos, now);
            return;
        }
        ledger.acked(id, now);
        counters.acked(p.target < 0);
        ctx.measurements().record(Metric.ACK, index, p.intendedNanos, p.firstSentNanos, now);
        schedule.acked(now, outbox.isEmpty());
    }

    private void failed(int failedSeq, ErrorCode code, long now) {
        counters.error(code);
        outbox.failed(failedSeq, code, now);
    }

    /** Handles one frame outside a request/response wait. */
    private void handle(Frame f) throws IOException {
        long now = System.nanoTime();
        switch (f.cmd()) {
            case C2C_PUSH_REQ -> {
                C2CPushRequest b = f.bodyAs(C2CPushRequest.class);
                conn.send(Frame.of(CmdId.C2C_PUSH_RESP, f.seq(), C2CPushResponse.newBuilder().setMsgid(b.getMsgid()).build()));
                arrived(b.getClientMsgId(), b.getMsgid(), false, now);
            }
            case C2G_PUSH_REQ -> {
                C2GPushRequest b = f.bodyAs(C2GPushRequest.class);
                conn.send(Frame.of(CmdId.C2G_PUSH_RESP, f.seq(), C2GPushResponse.newBuilder().setMsgid(b.getMsgid()).build()));
                arrived(b.getClientMsgId(), b.getMsgid(), false, now);
            }
            case CTRL_PUSH_REQ -> {
                long msgid = f.bodyAs(CtrlPushRequest.class).getMsgid();
                conn.send(Frame.of(CmdId.CTRL_PUSH_RESP, f.seq(), CtrlPushResponse.newBuilder()
                        .setMsgid(msgid).setTimestamp(System.currentTimeMillis()).build()));
                cursor = Math.max(cursor, msgid);
            }
            case S2C_PUSH_REQ -> {
                S2CPushRequest b = f.bodyAs(S2CPushRequest.class);
                conn.send(Frame.of(CmdId.S2C_PUSH_RESP, f.seq(), S2CPushResponse.newBuilder().setMsgid(b.getMsgid()).build()));
                long intended = ctx.business().pushArrived(index, b.getPayload().toStringUtf8(), now);
                if (intended > 0) {
                    ctx.measurements().record(Metric.S2C, index, intended, intended, now);
                }
            }
            case C2S_SEND_RESP -> acked(f.bodyAs(C2SSendResponse.class).getClientMsgId(), now);
            case C2C_SEND_RESP -> acked(f.bodyAs(C2CSendResponse.class).getClientMsgId(), now);
            case C2G_SEND_RESP -> acked(f.bodyAs(C2GSendResponse.class).getClientMsgId(), now);
            case ERROR_RESP -> failed(f.seq(), f.bodyAs(ErrorResponse.class).getCode(), now);
            case KICKOUT_REQ -> {
                kicked = true;
                counters.kickout();
                long start = ctx.takeKickoutStart(index);
                if (start != 0) {
                    ctx.measurements().record(Metric.KICKOUT, index, start, start, now);
                }
                throw new ConnectionClosedException(DisconnectCause.KICKOUT, "OTHER_LOGIN");
            }
            default -> { }
        }
    }

    private void arrived(long clientMsgId, long msgid, boolean viaPull, long now) {
        cursor = Math.max(cursor, msgid);
        Arrival a = ledger.arrived(index, clientMsgId, msgid, viaPull, now);
        if (a.kind() == Arrival.Kind.FIRST) {
            counters.count(viaPull ? SimCounters.Series.PULLED : SimCounters.Series.DELIVERED);
            long sent = a.sentNanos() == 0 ? a.intendedNanos() : a.sentNanos();
            ctx.measurements().record(Metric.E2E, index, a.intendedNanos(), sent, now);
            ctx.measurements().record(viaPull ? Metric.E2E_OFFLINE : Metric.E2E_ONLINE, index, a.intendedNanos(), sent, now);
        }
    }

    /** Pulls from {@code from} until an empty page (see {@link OfflinePuller}); its rows count as arrivals by pull. */
    private OfflinePuller.Round pullAll(long from, boolean drain) throws IOException {
        return ctx.puller().pullAll(this::request, uid, index, from, drain, this::pulled);
    }

    private void pulled(PullMsg row, boolean ctrl, long now) {
        if (ctrl) {
            cursor = Math.max(cursor, row.getMsgid());
        } else {
            arrived(row.getClientMsgId(), row.getMsgid(), true, now);
        }
    }

    /** Sends a request and handles other frames until its response (or an error with its seq) comes. */
    private Frame request(CmdId cmd, Message body) throws IOException {
        Connection c = conn;
        int s = ++seq;
        c.send(Frame.of(cmd, s, body));
        CmdId want = Frame.of(cmd, s, body).responseCmd();
        long deadline = System.nanoTime() + ctx.settings().responseTimeoutNanos();
        try {
            while (true) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new ConnectionClosedException(DisconnectCause.ERROR, cmd + " timed out");
                }
                Frame f = c.receive(left);
                if (f == null) {
                    continue;
                }
                if (f.seq() == s && (f.cmd() == want || f.cmd() == CmdId.ERROR_RESP)) {
                    return f;
                }
                handle(f);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ConnectionClosedException(DisconnectCause.PLANNED, "interrupted");
        }
    }

    private void disconnect(DisconnectCause cause, String detail) {
        Connection c = conn;
        if (c == null) {
            return;
        }
        conn = null;
        ctx.business().disconnected(index, System.nanoTime());
        DisconnectCause actual = c.isOpen() ? cause : (cause == DisconnectCause.KICKOUT ? cause : c.closeCause());
        c.close(actual, detail);
        note("disconnected: " + actual.key() + " " + detail);
        if (loggedIn) {
            loggedIn = false;
            if (caughtUp) {
                caughtUp = false;
                ctx.readyChanged(-1);
            }
            counters.disconnected(actual);
        }
        if (actual != DisconnectCause.PLANNED && actual != DisconnectCause.KICKOUT) {
            disconnectedAtNanos = System.nanoTime();
        }
    }

    private void note(String text) {
        if (trace != null) {
            trace.note(text);
        }
    }

    /** A control call: the client runs (now, or once more if it is running) and cuts a backoff short. */
    private void wake() {
        woken = true;
        runner.signal();
    }

    // ---- control, from the simulation's thread ----

    /** Asks the client to stop; it closes its connection (planned) and ends. */
    public void stop() {
        stopRequested = true;
        wake();
    }

    /** Waits until the client has ended (after {@link #stop()}). */
    public void join() throws InterruptedException {
        runner.awaitEnd();
    }

    /** Takes the client offline (background, no connection) until the given nanoTime. */
    public void offlineUntil(long nanos) {
        offlineUntilNanos = nanos;
        wake();
    }

    /** Brings an offline client back now. */
    public void comeOnline() {
        if (offlineUntilNanos != 0) {
            offlineUntilNanos = System.nanoTime();
            wake();
        }
    }

    /** Disconnects now (cause planned) and reconnects after backoff (churn). */
    public void churn() {
        churnRequested = true;
        wake();
    }

    /**
     * Asks the client to settle {@code round} once it follows the round's load phase (the drain's) and has
     * no unacked message.
     */
    public void awaitAnswers(SettleRound round) {
        owe(ANSWER_ROUND, round);
    }

    /** Asks the client to pull until an empty page once it has no unacked message, then settle {@code round}. */
    public void requestDrain(SettleRound round) {
        owe(DRAIN_ROUND, round);
    }

    /** Wakes the client so it notices a new load phase. */
    public void nudge() {
        wake();
    }

    /** Runs a task on the client's thread when it is logged in. */
    public void submit(ClientTask task) {
        tasks.add(task);
        wake();
    }

    /** The client index. */
    public int index() { return index; }

    /** Whether the client is logged in now. */
    public boolean online() { return loggedIn; }

    /** Whether the client is logged in and has pulled what waited for it since. */
    public boolean ready() { return loggedIn && caughtUp; }

    /** Whether a kickout ended this client. */
    public boolean kicked() { return kicked; }


    /** The frame trace, or null when not traced. */
    public FrameTrace trace() { return trace; }
}
