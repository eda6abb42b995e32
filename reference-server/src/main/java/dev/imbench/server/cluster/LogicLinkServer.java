package dev.imbench.server.cluster;

import dev.imbench.protocol.BadFrame;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.ErrorCode;
import dev.imbench.protocol.pb.LinkEnvelope;
import dev.imbench.server.gate.FrameSink;
import dev.imbench.server.gate.Session;
import dev.imbench.server.logic.SessionDirectory;
import dev.imbench.server.metrics.ServerMetrics;
import dev.imbench.server.route.Presence;
import dev.imbench.server.route.Route;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.AttributeKey;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A logic node's end of the internal link: accepts gates (each says HELLO with its id first), hands
 * their clients' frames to the logic, and is the {@link SessionDirectory} that reaches a route's
 * connection through the link of the route's gate. A route whose gate has no link (the gate died or
 * never connected) has no session: the logic treats the user as offline there (the row stays stored).
 */
public final class LogicLinkServer implements SessionDirectory, AutoCloseable {

    private static final AttributeKey<String> GATE = AttributeKey.valueOf("imbench.link.gate");
    private static final AttributeKey<ClosedSessions> CLOSED = AttributeKey.valueOf("imbench.link.closed");

    private final Map<String, Channel> gates = new ConcurrentHashMap<>();
    private final ServerMetrics metrics;
    private volatile FrameSink logic;
    private Channel listener;

    /** A link server; {@link #bind} names the logic it feeds. */
    public LogicLinkServer(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    /**
     * Routing as a logic node must use it: routes it binds are kept alive by the gate holding the
     * connection, not by this node, so a dead gate's users expire while logic nodes live.
     */
    public static Presence routing(Presence shared) {
        return new LogicNodePresence(shared);
    }

    /**
     * Binds the link listener on {@code host:port} (0 = any free port), feeding {@code logic}
     * (normally the logic executor), and returns its address.
     */
    public InetSocketAddress bind(EventLoopGroup boss, EventLoopGroup workers, String host, int port, FrameSink logic)
            throws InterruptedException {
        this.logic = logic;
        listener = new ServerBootstrap().group(boss, workers).channel(NioServerSocketChannel.class)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<SocketChannel>() {
                    @Override
                    protected void initChannel(SocketChannel ch) {
                        LinkCodec.install(ch.pipeline());
                        ch.pipeline().addLast(new FromGate());
                    }
                }).bind(host, port).sync().channel();
        return (InetSocketAddress) listener.localAddress();
    }

    @Override
    public Session find(Route r) {
        Channel link = gates.get(r.gateId());
        if (link == null || !link.isActive()) {
            return null;
        }
        ClosedSessions closed = link.attr(CLOSED).get();
        return closed != null && closed.isClosed(r.sessionId()) ? null
                : new RemoteSession(link, r.gateId(), r.sessionId(), r, closed);
    }

    /** Ids of the gates linked now. */
    public Set<String> linkedGates() {
        return Set.copyOf(gates.keySet());
    }

    /** Stops accepting and closes every gate's link. */
    @Override
    public void close() {
        if (listener != null) {
            listener.close().awaitUninterruptibly();
        }
        for (Channel c : gates.values()) {
            c.close().awaitUninterruptibly();
        }
    }

    private final class FromGate extends SimpleChannelInboundHandler<LinkEnvelope> {

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, LinkEnvelope e) {
            Channel ch = ctx.channel();
            String gateId = ch.attr(GATE).get();
            if (e.getKind() == LinkEnvelope.Kind.HELLO) {
                if (e.getGateId().isBlank()) {
                    ctx.close();
                    return;
                }
                ch.attr(GATE).set(e.getGateId());
                ch.attr(CLOSED).set(new ClosedSessions());
                Channel old = gates.put(e.getGateId(), ch);
                if (old != null && old != ch) {
                    old.close(); // the gate reconnected: the newest link wins
                }
                return;
            }
            if (gateId == null) {
                ctx.close(); // a link must introduce itself first
                return;
            }
            ClosedSessions closed = ch.attr(CLOSED).get();
            RemoteSession s = new RemoteSession(ch, gateId, e.getSessionId(), LinkEnvelopes.route(e, gateId), closed);
            switch (e.getKind()) {
                case FRAME -> {
                    switch (LinkEnvelopes.innerFrame(e)) {
                        case Frame f -> logic.onFrame(s, f);
                        case BadFrame bad -> {
                            metrics.badFrame(); // the gate parsed it already: a version mismatch between processes
                            s.send(Session.errorFrame(bad.seq(), bad.cmdId(),
                                    ErrorCode.ERR_MALFORMED_FRAME, bad.describe()));
                        }
                    }
                }
                case CLOSED -> {
                    closed.closed(e.getSessionId()); // before the lane runs what of it still waits there
                    if (s.route() != null) {
                        logic.onClosed(s);
                    }
                }
                default -> {
                    // Logic-to-gate kinds never come this way; ignore rather than drop the link.
                }
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) throws Exception {
            String gateId = ctx.channel().attr(GATE).get();
            if (gateId != null) {
                gates.remove(gateId, ctx.channel());
            }
            super.channelInactive(ctx);
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            ctx.close();
        }
    }
}
