package dev.imbench.server.cluster;

import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.AuthRequest;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.ErrorCode;
import dev.imbench.protocol.pb.LinkEnvelope;
import dev.imbench.server.gate.ChannelSession;
import dev.imbench.server.gate.FrameSink;
import dev.imbench.server.gate.Session;
import dev.imbench.server.gate.SessionTable;
import dev.imbench.server.route.Presence;
import dev.imbench.server.route.Route;
import dev.imbench.server.store.mysql.ShardRouter;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * A gate's end of the internal link: one connection to every logic node (re-dialled until the gate
 * closes). Every frame the gate accepted goes to the logic node of its user, {@code CRC32(uid) %
 * nodes} (for an auth request, the uid it names), so one user's frames always meet on one node.
 * What logic nodes send back is applied to this gate's connections: responses, pushes (numbered by
 * the connection), route changes (also held in routing for the gate heartbeat) and closes.
 */
public final class GateLinks implements FrameSink, AutoCloseable {

    private static final long REDIAL_MS = 250;

    private final String gateId;
    private final List<ClusterConfig.LinkAddress> nodes;
    private final ShardRouter router;
    private final SessionTable sessions;
    private final Presence presence;
    private final AtomicReferenceArray<Channel> links;
    private final CompletableFuture<Void> allLinked = new CompletableFuture<>();
    private EventLoopGroup group;
    private volatile boolean closed;

    /** Links for gate {@code gateId} to {@code nodes}; call {@link #connect} to dial. */
    public GateLinks(String gateId, List<ClusterConfig.LinkAddress> nodes, SessionTable sessions, Presence presence) {
        this.gateId = gateId;
        this.nodes = List.copyOf(nodes);
        this.router = new ShardRouter(nodes.size());
        this.sessions = sessions;
        this.presence = presence;
        this.links = new AtomicReferenceArray<>(nodes.size());
    }

    /** Dials every logic node on {@code group}; a node that is not up yet is re-dialled until it is. */
    public void connect(EventLoopGroup group) {
        this.group = group;
        for (int i = 0; i < nodes.size(); i++) {
            dial(i);
        }
    }

    /** Completes the first time every logic node is linked (HELLO sent on each link). */
    public CompletableFuture<Void> firstAllLinked() {
        return allLinked;
    }

    /** Whether every logic node is linked now. */
    public boolean allLinked() {
        for (int i = 0; i < links.length(); i++) {
            Channel c = links.get(i);
            if (c == null || !c.isActive()) {
                return false;
            }
        }
        return true;
    }

    private void dial(int i) {
        if (closed) {
            return;
        }
        ClusterConfig.LinkAddress a = nodes.get(i);
        ChannelFuture f = new Bootstrap().group(group).channel(NioSocketChannel.class)
                .option(ChannelOption.TCP_NODELAY, true)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 2000)
                .handler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        LinkCodec.install(ch.pipeline());
                        ch.pipeline().addLast(new FromLogic(i));
                    }
                }).connect(a.host(), a.port());
        f.addListener(done -> {
            if (done.isSuccess()) {
                Channel ch = f.channel();
                ch.writeAndFlush(LinkEnvelopes.hello(gateId));
                links.set(i, ch);
                if (allLinked()) {
                    allLinked.complete(null);
                }
            } else {
                redialLater(i);
            }
        });
    }

    private void redialLater(int i) {
        if (!closed) {
            group.next().schedule(() -> dial(i), REDIAL_MS, TimeUnit.MILLISECONDS);
        }
    }

    private Channel linkFor(String uid) {
        Channel c = links.get(router.shardOf(uid));
        return c != null && c.isActive() ? c : null;
    }

    @Override
    public void onFrame(Session s, Frame f) {
        String uid = s.authenticated() ? s.uid()
                : f.cmd() == CmdId.AUTH_REQ ? f.bodyAs(AuthRequest.class).getUid() : null;
        Channel link = uid == null ? null : linkFor(uid);
        if (link == null) {
            s.error(f.seq(), f.cmd().getNumber(), ErrorCode.ERR_OVERLOADED,
                    "logic node for this user is unreachable, retry later");
            return;
        }
        link.writeAndFlush(LinkEnvelopes.frame(LinkEnvelope.Kind.FRAME, s.id(), s.route(), f), link.voidPromise());
    }

    @Override
    public void onClosed(Session s) {
        Route r = s.route();
        if (r == null) {
            return;
        }
        presence.release(r);
        Channel link = linkFor(r.uid());
        if (link != null) {
            link.writeAndFlush(LinkEnvelopes.closed(s.id(), r), link.voidPromise());
        } else {
            presence.unbind(r); // no logic node to tell: unbind here so the route does not outlive the connection
        }
    }

    /** Stops re-dialling and closes the links. */
    @Override
    public void close() {
        closed = true;
        for (int i = 0; i < links.length(); i++) {
            Channel c = links.get(i);
            if (c != null) {
                c.close().awaitUninterruptibly();
            }
        }
    }

    private final class FromLogic extends SimpleChannelInboundHandler<LinkEnvelope> {

        private final int node;

        FromLogic(int node) {
            this.node = node;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, LinkEnvelope e) {
            ChannelSession s = sessions.find(e.getSessionId());
            if (s == null) {
                return; // the connection closed meanwhile: a push's row stays stored for the next pull
            }
            switch (e.getKind()) {
                case SEND -> {
                    if (LinkEnvelopes.innerFrame(e) instanceof Frame f) {
                        s.send(f);
                    }
                }
                case PUSH -> {
                    if (LinkEnvelopes.innerFrame(e) instanceof Frame f) {
                        s.push(f.cmd(), f.body());
                    }
                }
                case ROUTE -> {
                    Route old = s.route();
                    Route now = LinkEnvelopes.route(e, gateId);
                    s.route(now);
                    if (old != null) {
                        presence.release(old);
                    }
                    if (now != null) {
                        presence.hold(now, s::lastPacketAt);
                    }
                }
                case CLOSE -> s.closeAfter(Duration.ofMillis(e.getCloseAfterMs()));
                default -> {
                    // Gate-to-logic kinds never come this way.
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            links.compareAndSet(node, ctx.channel(), null);
            redialLater(node);
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
