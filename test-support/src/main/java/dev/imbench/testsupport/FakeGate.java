package dev.imbench.testsupport;

import dev.imbench.protocol.BadFrame;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.FrameDecoder;
import dev.imbench.protocol.FrameEncoder;
import dev.imbench.protocol.pb.AuthRequest;
import dev.imbench.protocol.pb.AuthResponse;
import dev.imbench.protocol.pb.C2CPushRequest;
import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.C2CSendResponse;
import dev.imbench.protocol.pb.C2GPushRequest;
import dev.imbench.protocol.pb.C2GSendRequest;
import dev.imbench.protocol.pb.C2GSendResponse;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.CtrlSendRequest;
import dev.imbench.protocol.pb.CtrlSendResponse;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.ErrorCode;
import dev.imbench.protocol.pb.ErrorResponse;
import dev.imbench.protocol.pb.KickoutRequest;
import dev.imbench.protocol.pb.Keepalive;
import dev.imbench.protocol.pb.PullMsg;
import dev.imbench.protocol.pb.PullRequest;
import dev.imbench.protocol.pb.PullResponse;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongPredicate;
import java.util.function.LongUnaryOperator;

/**
 * A tiny, single-lock gate for the simulator's tests: auth (any token except
 * "bad"), kickout per device type, c2c and c2g with per-recipient msgids,
 * sender de-dup by client message id, push and pull with the reference design's cursor
 * semantics, CREATE_GROUP / GROUP_ADDMEMBERS. Injectable faults:
 * {@link #ackWithoutStore} (acks, never stores: lost),
 * {@link #storeWithoutAck} (stores and delivers, never acks: recovered),
 * {@link #storeTwice} (a c2c message stored as two rows: shown twice),
 * {@link #pushAfterNext} (a c2c message stored and pushed right after the next one of its conversation,
 * so under a larger msgid: that one is reordered, as shown and on arrival), {@link #phantomOf} (a c2c message followed by a copy under an id nobody sent: unexpected) and
 * {@link #pushNewestBeforeAuthResp} (a race a real server has: a message arriving while a client
 * re-authenticates is pushed on the new connection before the AUTH_RESP), and a planted
 * {@link #stall} (reads and answers nothing for exactly S, then handles what came in, in order).
 * It speaks TCP and Netty local channels through the same handler.
 */
public final class FakeGate implements AutoCloseable {

    private static final AttributeKey<String> UID = AttributeKey.valueOf("uid");
    private static final AttributeKey<AtomicInteger> SEQ = AttributeKey.valueOf("pushSeq");
    private static final AtomicInteger NAMES = new AtomicInteger();

    public volatile LongPredicate ackWithoutStore = id -> false;
    public volatile LongPredicate storeWithoutAck = id -> false;
    public volatile LongPredicate storeTwice = id -> false;
    public volatile LongPredicate pushAfterNext = id -> false;
    /** The client message id of a phantom copy to deliver after a message, 0 for none. */
    public volatile LongUnaryOperator phantomOf = id -> 0;
    public volatile boolean pushNewestBeforeAuthResp;

    private final EventLoopGroup nio = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final EventLoopGroup local = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
    private final Channel tcpServer;
    private final Channel localServer;
    private final LocalAddress localAddress = new LocalAddress("fake-gate-" + NAMES.incrementAndGet());

    private final Map<String, Channel> sessions = new HashMap<>();          // uid/device → channel
    private final Map<String, List<Stored>> inboxes = new HashMap<>();      // uid → copies in msgid order
    private final Map<String, Long> sent = new HashMap<>();                 // from/clientMsgId → ack msgid
    private final Map<Long, Set<String>> groups = new HashMap<>();
    private final Map<String, PullMsg.Builder> heldBack = new HashMap<>(); // conversation → message stored after the next
    private long nextGroup = 1000;
    private long nextSendId;
    public int kickoutsSent;
    private boolean stalled;
    private final List<Held> held = new ArrayList<>();
    private volatile long stallStartNanos;
    private final Map<Long, Long> ackedAt = new HashMap<>();   // clientMsgId → first ack written on a live channel
    private volatile long stallEndNanos;

    /** A frame that came in during a stall, handled when it ends. */
    private record Held(ChannelHandlerContext ctx, Frame frame) {
    }

    private static final class Stored {
        final PullMsg msg;
        boolean delivered;

        Stored(PullMsg msg) {
            this.msg = msg;
        }
    }

    private FakeGate() throws InterruptedException {
        ChannelInitializer<Channel> init = new ChannelInitializer<>() {
            @Override
            protected void initChannel(Channel ch) {
                ch.attr(SEQ).set(new AtomicInteger());
                ch.pipeline().addLast(new FrameDecoder(), FrameEncoder.INSTANCE, new Handler());
            }
        };
        tcpServer = new ServerBootstrap().group(nio).channel(NioServerSocketChannel.class).childHandler(init)
                .bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
        localServer = new ServerBootstrap().group(local).channel(LocalServerChannel.class).childHandler(init)
                .bind(localAddress).sync().channel();
    }

    public static FakeGate start() throws InterruptedException {
        return new FakeGate();
    }

    public InetSocketAddress tcpAddress() {
        return (InetSocketAddress) tcpServer.localAddress();
    }

    public LocalAddress localAddress() {
        return localAddress;
    }

    /**
     * Plants a stall: {@code after} from now, for {@code length}, the gate handles no frame on any
     * connection (it neither reads nor answers, as a gate stuck in a GC pause or a full queue); when the
     * stall ends it handles every frame that came in meanwhile, in arrival order. Both ends run on the
     * gate's event loop; {@link #stallStartNanos()} and {@link #stallEndNanos()} say when they did.
     */
    public void stall(Duration after, Duration length) {
        local.next().schedule(() -> {
            synchronized (FakeGate.this) {
                stalled = true;
                stallStartNanos = System.nanoTime();
            }
        }, after.toNanos(), TimeUnit.NANOSECONDS);
        local.next().schedule(this::endStall, after.plus(length).toNanos(), TimeUnit.NANOSECONDS);
    }

    private synchronized void endStall() {
        stalled = false;
        stallEndNanos = System.nanoTime();
        for (Held h : held) {
            reply(h.ctx(), answer(h.ctx().channel(), h.frame()));
        }
        held.clear();
    }

    private void reply(ChannelHandlerContext ctx, Frame answer) {
        if (answer == null) {
            return;
        }
        if (answer.cmd() == CmdId.C2C_SEND_RESP && ctx.channel().isActive()) {
            ackedAt.putIfAbsent(answer.bodyAs(C2CSendResponse.class).getClientMsgId(), System.nanoTime());
        }
        ctx.writeAndFlush(answer);
    }

    /** When the gate first wrote the ack of a c2c message on a live connection (nanoTime), or null. */
    public synchronized Long ackedAt(long clientMsgId) {
        return ackedAt.get(clientMsgId);
    }

    /** When the planted stall began (nanoTime), 0 before. */
    public long stallStartNanos() {
        return stallStartNanos;
    }

    /** When the planted stall ended (nanoTime), 0 before. */
    public long stallEndNanos() {
        return stallEndNanos;
    }

    public synchronized int storedCopies() {
        return inboxes.values().stream().mapToInt(List::size).sum();
    }

    @Override
    public void close() {
        tcpServer.close().syncUninterruptibly();
        localServer.close().syncUninterruptibly();
        nio.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        local.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    private final class Handler extends SimpleChannelInboundHandler<Object> {
        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            if (msg instanceof BadFrame) {
                ctx.close();
                return;
            }
            Frame f = (Frame) msg;
            synchronized (FakeGate.this) {
                if (stalled) {
                    held.add(new Held(ctx, f));
                    return;
                }
                reply(ctx, answer(ctx.channel(), f));
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            synchronized (FakeGate.this) {
                sessions.values().remove(ctx.channel());
            }
        }
    }

    private Frame answer(Channel ch, Frame f) {
        String uid = ch.attr(UID).get();
        if (uid == null && f.cmd() != CmdId.AUTH_REQ && f.cmd() != CmdId.KEEPALIVE_REQ) {
            return error(f, ErrorCode.ERR_NOT_AUTHENTICATED);
        }
        return switch (f.cmd()) {
            case KEEPALIVE_REQ -> Frame.of(CmdId.KEEPALIVE_RESP, f.seq(), Keepalive.getDefaultInstance());
            case AUTH_REQ -> auth(ch, f);
            case C2C_SEND_REQ -> c2c(uid, f);
            case C2G_SEND_REQ -> c2g(uid, f);
            case PULL_REQ -> pull(uid, f);
            case CTRL_SEND_REQ -> ctrl(uid, f);
            case C2C_PUSH_RESP, C2G_PUSH_RESP -> {
                markDelivered(uid, f.cmd() == CmdId.C2C_PUSH_RESP
                        ? f.bodyAs(dev.imbench.protocol.pb.C2CPushResponse.class).getMsgid()
                        : f.bodyAs(dev.imbench.protocol.pb.C2GPushResponse.class).getMsgid());
                yield null;
            }
            default -> null;
        };
    }

    private Frame auth(Channel ch, Frame f) {
        AuthRequest a = f.bodyAs(AuthRequest.class);
        if (a.getToken().equals("bad")) {
            return Frame.of(CmdId.AUTH_RESP, f.seq(), AuthResponse.newBuilder().setStatus(AuthResponse.Status.ERR)
                    .setErrCode(ErrorCode.ERR_BAD_TOKEN).build());
        }
        String key = a.getUid() + "/" + a.getDeviceType();
        Channel old = sessions.put(key, ch);
        if (old != null && old != ch) {
            kickoutsSent++;
            old.attr(UID).set(null);
            old.writeAndFlush(Frame.of(CmdId.KICKOUT_REQ, old.attr(SEQ).get().incrementAndGet(),
                    KickoutRequest.newBuilder().setReason(KickoutRequest.Reason.OTHER_LOGIN).build()));
            old.eventLoop().schedule(() -> old.close(), 20, TimeUnit.MILLISECONDS);
        }
        ch.attr(UID).set(a.getUid());
        if (pushNewestBeforeAuthResp) {
            List<Stored> inbox = inboxes.getOrDefault(a.getUid(), List.of());
            for (int i = inbox.size() - 1; i >= 0; i--) {
                if (!inbox.get(i).delivered) {
                    push(ch, inbox.get(i).msg);
                    break;
                }
            }
        }
        return Frame.of(CmdId.AUTH_RESP, f.seq(), AuthResponse.newBuilder().setStatus(AuthResponse.Status.OK).build());
    }

    private Frame c2c(String uid, Frame f) {
        C2CSendRequest r = f.bodyAs(C2CSendRequest.class);
        long id = r.getClientMsgId();
        long known = msgidOf(uid, id, () -> {
            PullMsg.Builder m = PullMsg.newBuilder().setFrom(uid).setContent(r.getContent())
                    .setCmdid(CmdId.C2C_PUSH_REQ_VALUE).setClientMsgId(id);
            store(r.getTo(), m, pushAfterNext.test(id));
            if (storeTwice.test(id)) {
                store(r.getTo(), m, false);
            }
            long phantom = phantomOf.applyAsLong(id);
            if (phantom != 0) {
                store(r.getTo(), m.clone().setClientMsgId(phantom), false);
            }
        });
        if (storeWithoutAck.test(id)) {
            return null;
        }
        return Frame.of(CmdId.C2C_SEND_RESP, f.seq(), C2CSendResponse.newBuilder().setMsgid(known)
                .setTimestamp(System.currentTimeMillis()).setClientMsgId(id).build());
    }

    private Frame c2g(String uid, Frame f) {
        C2GSendRequest r = f.bodyAs(C2GSendRequest.class);
        Set<String> members = groups.get(r.getGroup());
        if (members == null || !members.contains(uid)) {
            return error(f, members == null ? ErrorCode.ERR_NO_SUCH_GROUP : ErrorCode.ERR_NOT_MEMBER);
        }
        long id = r.getClientMsgId();
        long known = msgidOf(uid, id, () -> {
            for (String m : members) {
                if (!m.equals(uid)) {
                    store(m, PullMsg.newBuilder().setFrom(uid).setGroup(r.getGroup()).setContent(r.getContent())
                            .setCmdid(CmdId.C2G_PUSH_REQ_VALUE).setClientMsgId(id));
                }
            }
        });
        if (storeWithoutAck.test(id)) {
            return null;
        }
        return Frame.of(CmdId.C2G_SEND_RESP, f.seq(), C2GSendResponse.newBuilder().setMsgid(known)
                .setTimestamp(System.currentTimeMillis()).setClientMsgId(id).build());
    }

    /**
     * The msgid of {@code uid}'s message {@code clientMsgId}: a new one on its first send, which also runs
     * {@code storeIt} (unless the message is one to ack without storing); a resend gets the first one's.
     */
    private long msgidOf(String uid, long clientMsgId, Runnable storeIt) {
        String key = uid + "/" + clientMsgId;
        Long known = sent.get(key);
        if (known != null) {
            return known;
        }
        long msgid = ++nextSendId;
        sent.put(key, msgid);
        if (!ackWithoutStore.test(clientMsgId)) {
            storeIt.run();
        }
        return msgid;
    }

    private void store(String to, PullMsg.Builder msg) {
        store(to, msg, false);
    }

    /**
     * Stores a copy for {@code to} and pushes it; {@code holdBack}: store (and push) it only after the
     * conversation's next one, which so gets the smaller msgid although it was sent after this one's ack.
     */
    private void store(String to, PullMsg.Builder msg, boolean holdBack) {
        String conversation = msg.getFrom() + ">" + to + "#" + msg.getGroup();
        if (holdBack && !heldBack.containsKey(conversation)) {
            heldBack.put(conversation, msg);
            return;
        }
        storeAndPush(to, msg);
        PullMsg.Builder previous = heldBack.remove(conversation);
        if (previous != null) {
            storeAndPush(to, previous);
        }
    }

    private void storeAndPush(String to, PullMsg.Builder msg) {
        List<Stored> inbox = inboxes.computeIfAbsent(to, k -> new ArrayList<>());
        PullMsg m = msg.setMsgid(inbox.size() + 1).setSendTime(System.currentTimeMillis()).build();
        inbox.add(new Stored(m));
        pushToDevices(to, m);
    }

    private void pushToDevices(String to, PullMsg m) {
        for (Map.Entry<String, Channel> e : sessions.entrySet()) {
            if (e.getKey().startsWith(to + "/")) {
                push(e.getValue(), m);
            }
        }
    }

    private static void push(Channel ch, PullMsg m) {
        int seq = ch.attr(SEQ).get().incrementAndGet();
        ch.writeAndFlush(m.getGroup() == 0
                ? Frame.of(CmdId.C2C_PUSH_REQ, seq, C2CPushRequest.newBuilder().setFrom(m.getFrom())
                        .setContent(m.getContent()).setMsgid(m.getMsgid()).setClientMsgId(m.getClientMsgId()).build())
                : Frame.of(CmdId.C2G_PUSH_REQ, seq, C2GPushRequest.newBuilder().setFrom(m.getFrom())
                        .setGroup(m.getGroup()).setContent(m.getContent()).setMsgid(m.getMsgid())
                        .setClientMsgId(m.getClientMsgId()).build()));
    }

    private void markDelivered(String uid, long msgid) {
        List<Stored> inbox = inboxes.get(uid);
        if (inbox != null && msgid >= 1 && msgid <= inbox.size()) {
            inbox.get((int) msgid - 1).delivered = true;
        }
    }

    private Frame pull(String uid, Frame f) {
        PullRequest r = f.bodyAs(PullRequest.class);
        List<Stored> inbox = inboxes.getOrDefault(uid, List.of());
        int limit = r.getLimit() == 0 ? 10 : r.getLimit();
        PullResponse.Builder page = PullResponse.newBuilder();
        for (Stored s : inbox) {
            if (s.msg.getMsgid() <= r.getOffset()) {
                s.delivered = true;
            } else if (!s.delivered && page.getMsgsCount() < limit) {
                page.addMsgs(s.msg);
            }
        }
        return Frame.of(CmdId.PULL_RESP, f.seq(), page.build());
    }

    private Frame ctrl(String uid, Frame f) {
        CtrlSendRequest r = f.bodyAs(CtrlSendRequest.class);
        switch (r.getType()) {
            case CREATE_GROUP -> {
                long id = ++nextGroup;
                groups.put(id, new LinkedHashSet<>(List.of(uid)));
                return Frame.of(CmdId.CTRL_SEND_RESP, f.seq(), CtrlSendResponse.newBuilder()
                        .setContent(Long.toString(id)).build());
            }
            case GROUP_ADDMEMBERS -> {
                Set<String> members = groups.get(Long.parseLong(r.getTo()));
                if (members == null) {
                    return error(f, ErrorCode.ERR_NO_SUCH_GROUP);
                }
                members.addAll(List.of(r.getContent().split(",")));
                return Frame.of(CmdId.CTRL_SEND_RESP, f.seq(), CtrlSendResponse.getDefaultInstance());
            }
            default -> {
                return error(f, ErrorCode.ERR_UNKNOWN_CMD);
            }
        }
    }

    private static Frame error(Frame f, ErrorCode code) {
        return Frame.of(CmdId.ERROR_RESP, f.seq(), ErrorResponse.newBuilder().setCode(code)
                .setRequestCmd(f.cmd().getNumber()).build());
    }

    public static DeviceType device() {
        return DeviceType.ANDROID;
    }
}
