package dev.imbench.server;

import dev.imbench.protocol.Frame;
import dev.imbench.protocol.FrameLimits;
import dev.imbench.server.auth.HmacTokenService;
import dev.imbench.server.cluster.ClusterConfig;
import dev.imbench.server.cluster.GateLinks;
import dev.imbench.server.cluster.LogicLinkServer;
import dev.imbench.server.cluster.Role;
import dev.imbench.server.gate.AcceptFailures;
import dev.imbench.server.gate.ChannelSession;
import dev.imbench.server.gate.ConnectionLimiter;
import dev.imbench.server.gate.FrameSink;
import dev.imbench.server.gate.GateChannelInitializer;
import dev.imbench.server.gate.GateHandler;
import dev.imbench.server.gate.PipelineSettings;
import dev.imbench.server.gate.Session;
import dev.imbench.server.gate.SessionTable;
import dev.imbench.server.gate.WebSocketGateInitializer;
import dev.imbench.server.http.HttpApiInitializer;
import dev.imbench.server.logic.Logic;
import dev.imbench.server.logic.LogicContext;
import dev.imbench.server.logic.LogicExecutor;
import dev.imbench.server.logic.SessionDirectory;
import dev.imbench.server.metrics.ServerMetrics;
import dev.imbench.server.route.GateInfo;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.ServerSocketChannel;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A running reference server: gates on TCP, WebSocket and an in-JVM {@link LocalAddress}, the logic,
 * the embedded SSO and the HTTP API, all in this process ({@link Role#ALL}, the default). In the split
 * topology ({@link ClusterConfig}) a process is a {@link Role#GATE} (client listeners, every accepted
 * frame forwarded over the internal link to a logic node) or a {@link Role#LOGIC} node (the flows,
 * reaching connections on any gate through routing and the link); see README-topology.md.
 *
 * <pre>{@code
 * try (ImServer server = ImServer.start(ServerConfig.defaults())) {
 *     String token = server.tokens().issue("alice", DeviceType.IOS);
 *     Socket s = new Socket("127.0.0.1", server.tcpAddress().getPort());
 *     ...
 * }
 * }</pre>
 *
 * <p>In-JVM clients connect to {@link #localAddress()} with a {@code LocalChannel} registered on a
 * {@code new MultiThreadIoEventLoopGroup(n, LocalIoHandler.newFactory())} (Netty 4.2: a NIO event
 * loop refuses local channels) and reach the same pipeline and gate handler as TCP clients. The
 * server serves its local channels on its own LocalIoHandler event loops.
 */
public final class ImServer implements AutoCloseable {

    private static final AtomicInteger LOCAL_NAMES = new AtomicInteger();

    private final ServerConfig config;
    private final ClusterConfig cluster;
    private final ServerBackends backends;
    private final ServerMetrics metrics;
    private final HmacTokenService tokens;
    private final SessionTable sessions;
    private final Logic logic;
    private final LogicExecutor logicExecutor;
    private final GateLinks gateLinks;
    private final LogicLinkServer linkServer;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final EventLoopGroup localWorkers;
    private final List<Channel> listeners = new ArrayList<>();
    private final AcceptFailures acceptFailures;
    private InetSocketAddress tcpAddress;
    private InetSocketAddress wsAddress;
    private InetSocketAddress httpAddress;
    private LocalAddress localAddress;
    private InetSocketAddress linkAddress;
    private ScheduledFuture<?> ackFlusher;
    private final String apiSecret;
    private HttpApiInitializer http;
    private volatile boolean closed;
    /** Set by {@link #halt()}: closing connections then tells nobody (no route unbound, no CLOSED envelope). */
    private volatile boolean halted;

    private ImServer(ServerConfig config, ServerBackends backends, Clock clock, ClusterConfig cluster) {
        this.config = config;
        this.cluster = cluster;
        this.backends = backends;
        this.metrics = new ServerMetrics(config.gateId());
        this.acceptFailures = new AcceptFailures(metrics);
        this.apiSecret = config.apiSecret().isEmpty() ? generatedSecret() : config.apiSecret();
        this.tokens = new HmacTokenService(config.tokenSecret(), config.tokenTtl(), clock);
        this.sessions = new SessionTable(config.gateId(), metrics, config.outboundLimits());
        this.linkServer = cluster.role() == Role.LOGIC ? new LogicLinkServer(metrics) : null;
        if (cluster.role() == Role.GATE) {
            this.logic = null;
            this.logicExecutor = null;
            this.gateLinks = new GateLinks(config.gateId(), cluster.logicNodes(), sessions, backends.presence());
        } else {
            String gateId = config.gateId();
            SessionDirectory directory = linkServer != null ? linkServer
                    : r -> gateId.equals(r.gateId()) ? sessions.find(r.sessionId()) : null;
            LogicContext ctx = new LogicContext(config, backends.messages(), backends.groups(),
                    linkServer != null ? LogicLinkServer.routing(backends.presence()) : backends.presence(),
                    backends.notifier(), backends.queue(), tokens, directory, metrics, clock, backends.timelines());
            this.logic = new Logic(ctx);
            this.logicExecutor = new LogicExecutor(logic, config.logicThreads(), config.logicQueueCapacity());
            this.gateLinks = null;
        }
        this.boss = new MultiThreadIoEventLoopGroup(1, new DefaultThreadFactory("imbench-accept", true),
                NioIoHandler.newFactory());
        this.workers = new MultiThreadIoEventLoopGroup(config.ioThreads(), new DefaultThreadFactory("imbench-io", true),
                NioIoHandler.newFactory());
        this.localWorkers = new MultiThreadIoEventLoopGroup(config.ioThreads(),
                new DefaultThreadFactory("imbench-local", true), LocalIoHandler.newFactory());
        metrics.gauge("imbench_online_devices", () -> backends.presence().onlineDevices());
        metrics.gauge("imbench_sessions", sessions::size);
        if (gateLinks != null) {
            metrics.gauge("imbench_logic_links_up", () -> gateLinks.allLinked() ? 1 : 0);
        }
        backends.messages().gauges().forEach(metrics::gauge);
    }

    /** Starts a server on embedded back ends. */
    public static ImServer start(ServerConfig config) {
        return start(config, ServerBackends.inMemory(), Clock.systemUTC());
    }

    /** Starts a server on the given back ends and clock; binds every enabled listener or fails. */
    public static ImServer start(ServerConfig config, ServerBackends backends, Clock clock) {
        return start(config, backends, clock, ClusterConfig.standalone());
    }

    /**
     * Starts one process of the topology {@code cluster} on the given back ends. A gate or logic node
     * needs routing and storage shared by every process (Redis and MySQL).
     */
    public static ImServer start(ServerConfig config, ServerBackends backends, Clock clock, ClusterConfig cluster) {
        ImServer server = new ImServer(config, backends, clock, cluster);
        try {
            server.bind();
            return server;
        } catch (RuntimeException | InterruptedException e) {
            server.close();
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("server failed to start: " + e.getMessage(), e);
        }
    }

    private void bind() throws InterruptedException {
        FrameLimits limits = new FrameLimits(config.maxBodyLength());
        if (cluster.role() == Role.LOGIC) {
            linkAddress = linkServer.bind(boss, workers, cluster.linkHost(), cluster.linkPort(), logicExecutor);
            bindHttp();
            startAckFlusher();
            return;
        }
        FrameSink inner = gateLinks != null ? gateLinks : logicExecutor;
        FrameSink sink = new FrameSink() { // a halted server's closing connections say goodbye to no one
            @Override
            public void onFrame(Session session, Frame frame) {
                if (!halted) {
                    inner.onFrame(session, frame);
                }
            }

            @Override
            public void onClosed(Session session) {
                if (!halted) {
                    inner.onClosed(session);
                }
            }
        };
        GateHandler gate = new GateHandler(sessions, sink, metrics, config.backpressure(), config.requestRules());
        WriteBufferWaterMark marks = new WriteBufferWaterMark(config.writeLowWaterMark(), config.writeHighWaterMark());
        PipelineSettings pipeline = new PipelineSettings(limits, config.idleTimeout(), config.authTimeout(),
                config.outboundLimits(), new ConnectionLimiter(config.maxConnections(), config.maxConnectionsPerAddress(),
                metrics), metrics);
        GateChannelInitializer frames = new GateChannelInitializer(pipeline, gate);
        if (config.tcpPort() >= 0) {
            tcpAddress = (InetSocketAddress) bindServer(new ServerBootstrap().group(boss, workers)
                    .channel(NioServerSocketChannel.class).childHandler(frames)
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, marks)
                    .bind(config.bindHost(), config.tcpPort()));
        }
        String name = config.localAddressName().isEmpty()
                ? "imbench-gate-" + LOCAL_NAMES.incrementAndGet() : config.localAddressName();
        localAddress = (LocalAddress) bindServer(new ServerBootstrap().group(localWorkers)
                .channel(LocalServerChannel.class).childHandler(frames)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, marks)
                .bind(new LocalAddress(name)));
        if (config.wsPort() >= 0) {
            wsAddress = (InetSocketAddress) bindServer(new ServerBootstrap().group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(new WebSocketGateInitializer(config.wsPath(), pipeline, gate))
                    .childOption(ChannelOption.TCP_NODELAY, true)
                    .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, marks)
                    .bind(config.bindHost(), config.wsPort()));
        }
        bindHttp();
        if (gateLinks != null) {
            gateLinks.connect(workers);
            backends.presence().announceGate(new GateInfo(config.gateId(),
                    tcpAddress == null ? "" : advertisedTcp(),
                    wsAddress == null ? "" : wsUri().toString()));
        } else {
            startAckFlusher();
        }
    }

    private void bindHttp() throws InterruptedException {
        if (config.httpPort() >= 0) {
            httpAddress = (InetSocketAddress) bindServer(new ServerBootstrap().group(boss, workers)
                    .channel(NioServerSocketChannel.class)
                    .childHandler(http = new HttpApiInitializer(new ServerHttpApi(this), apiSecret))
                    .bind(config.bindHost(), config.httpPort()));
        }
    }

    private void startAckFlusher() {
        long every = config.ackFlushInterval().toNanos();
        ackFlusher = boss.next().scheduleAtFixedRate(this::flushAcksOnce, every, every, TimeUnit.NANOSECONDS);
    }

    private void flushAcksOnce() {
        try {
            logic.flushAcks();
        } catch (RuntimeException e) {
            // The store refused (e.g. MySQL unreachable): unflushed acks stay buffered for the next period.
            // Letting the exception out would cancel the periodic task for good.
            metrics.ackFlushFailed();
        }
    }

    private java.net.SocketAddress bindServer(ChannelFuture f) throws InterruptedException {
        f.sync();
        listeners.add(f.channel());
        if (f.channel() instanceof ServerSocketChannel) {
            f.channel().pipeline().addLast(acceptFailures); // after Netty's acceptor, which pauses accepting
        }
        return f.channel().localAddress();
    }

    private static String generatedSecret() {
        byte[] b = new byte[24];
        new SecureRandom().nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    /** The business API's shared secret: the configured one, or the one generated at start. */
    public String apiSecret() {
        return apiSecret;
    }

    /** Whether {@link #apiSecret()} was generated (not configured). */
    public boolean apiSecretGenerated() {
        return config.apiSecret().isEmpty();
    }

    /** The TCP gate address, or null if disabled. */
    public InetSocketAddress tcpAddress() {
        return tcpAddress;
    }

    /** The WebSocket endpoint ({@code ws://host:port/path}), or null if disabled. */
    public URI wsUri() {
        return wsAddress == null ? null
                : URI.create("ws://" + wsAddress.getHostString() + ":" + wsAddress.getPort() + config.wsPath());
    }

    /** The TCP gate's {@code host:port} as announced and listed by {@code /iplist} (host: {@code advertiseHost} if set). */
    public String advertisedTcp() {
        String host = config.advertiseHost().isEmpty() ? tcpAddress.getHostString() : config.advertiseHost();
        return host + ":" + tcpAddress.getPort();
    }

    /** The HTTP API address (SSO login, iplist, sendMsg, metrics), or null if disabled. */
    public InetSocketAddress httpAddress() {
        return httpAddress;
    }

    /** The in-JVM gate address for {@code LocalChannel} clients (null on a logic node). */
    public LocalAddress localAddress() {
        return localAddress;
    }

    /** A logic node's internal link address (gates connect here), else null. */
    public InetSocketAddress linkAddress() {
        return linkAddress;
    }

    /** This process's place in the topology. */
    public ClusterConfig cluster() {
        return cluster;
    }

    /** On a gate: whether every logic node is linked now. Elsewhere: true. */
    public boolean linkedToLogic() {
        return gateLinks == null || gateLinks.allLinked();
    }

    /**
     * On a gate: waits until every logic node has been linked once (a logic node dialled later is
     * re-dialled until it answers). Elsewhere: true at once.
     *
     * @return false if {@code timeout} passed first
     */
    public boolean awaitLinkedToLogic(Duration timeout) throws InterruptedException {
        if (gateLinks == null) {
            return true;
        }
        try {
            gateLinks.firstAllLinked().get(timeout.toNanos(), TimeUnit.NANOSECONDS);
            return true;
        } catch (TimeoutException e) {
            return false;
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        }
    }

    /** On a logic node: ids of the gates linked now. Elsewhere: empty. */
    public Set<String> linkedGates() {
        return linkServer == null ? Set.of() : linkServer.linkedGates();
    }

    /** The embedded SSO: issue tokens in-process ({@code tokens().issue(uid, type)}). */
    public HmacTokenService tokens() {
        return tokens;
    }

    /** The back ends the server runs on (to inspect stored rows, routes, notices, queues). */
    public ServerBackends backends() {
        return backends;
    }

    /** The server's meters. */
    public ServerMetrics metrics() {
        return metrics;
    }

    /** The logic (business push entry point, ack flush); null on a gate of the split topology. */
    public Logic logic() {
        return logic;
    }

    /** The config it runs with. */
    public ServerConfig config() {
        return config;
    }

    /** This gate's session table (sessions by id). */
    public SessionTable sessionsTable() {
        return sessions;
    }

    /** Open client sessions on this gate. */
    public int sessionCount() {
        return sessions.size();
    }

    /**
     * Stops gracefully: stops accepting, closes every session (routes are removed), stops the timer,
     * flushes buffered delivery acks, and shuts the event loops down. Idempotent.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (ackFlusher != null) {
            ackFlusher.cancel(false);
        }
        for (Channel l : listeners) {
            l.close().awaitUninterruptibly();
        }
        for (ChannelSession s : sessions.all()) {
            s.channel().close().awaitUninterruptibly();
        }
        if (gateLinks != null) {
            gateLinks.close();
        }
        if (linkServer != null) {
            linkServer.close();
        }
        if (http != null) {
            http.close();
        }
        if (logicExecutor != null) {
            logicExecutor.close();
            logic.close();
        }
        workers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        localWorkers.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
        boss.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    }

    /**
     * Dies as a killed process would, as far as one JVM can model it: listeners and every connection
     * (clients and link) are dropped at once, TCP connections with a reset; no closing connection is
     * reported (routes are not unbound, logic nodes get no {@code CLOSED}), buffered delivery acks are
     * not flushed and queued logic work is discarded. What it held in Redis is left to expire (stop its
     * heartbeat with the presence's own halt). Idempotent; {@link #close()} afterwards does nothing.
     */
    public void halt() {
        if (closed) {
            return;
        }
        halted = true;
        closed = true;
        if (ackFlusher != null) {
            ackFlusher.cancel(false);
        }
        if (gateLinks != null) {
            gateLinks.close();
        }
        if (linkServer != null) {
            linkServer.close();
        }
        for (Channel l : listeners) {
            l.close().awaitUninterruptibly();
        }
        for (ChannelSession s : sessions.all()) {
            Channel c = s.channel();
            try {
                if (c instanceof SocketChannel && c.isOpen()) {
                    c.config().setOption(ChannelOption.SO_LINGER, 0); // close with RST, as the kernel does for a dead process
                }
            } catch (RuntimeException e) {
                // the peer closed it meanwhile: nothing to reset
            }
            c.close();
        }
        if (http != null) {
            http.close();
        }
        if (logicExecutor != null) {
            logicExecutor.halt();
        }
        workers.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly();
        localWorkers.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly();
        boss.shutdownGracefully(0, 0, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
