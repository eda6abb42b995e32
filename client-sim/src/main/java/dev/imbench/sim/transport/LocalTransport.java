package dev.imbench.sim.transport;

import dev.imbench.protocol.BadFrame;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.FrameDecoder;
import dev.imbench.protocol.FrameEncoder;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import java.io.IOException;
import java.util.concurrent.Semaphore;

/**
 * In-JVM connections: Netty {@link LocalChannel}s into a server's
 * {@link LocalAddress}, carrying the same bytes as TCP (so toxics from a
 * {@link PipelineHook} apply), with no file descriptors. Connects in flight are
 * bounded, since a burst of unbounded local connects fails a few of them.
 */
public final class LocalTransport implements Transport {

    private final LocalAddress server;
    private final EventLoopGroup group;
    /**
     * Group and channel factory of every connect: each connect clones it (a few small maps), once it holds
     * a permit, so a queued connect holds nothing heavy (no Bootstrap, no reflective channel factory of its own).
     */
    private final Bootstrap template;
    private final PipelineHook hook;
    private final Semaphore connectsInFlight;
    private final int connectTimeoutMillis;

    /**
     * @param server            the server's local address
     * @param ioThreads         event-loop threads for the client side
     * @param maxConnectsInFlight bound on concurrent connects
     * @param hook              toxic insertion point ({@link PipelineHook#NONE} for none)
     * @param connectTimeoutMillis how long one connect may take
     */
    public LocalTransport(LocalAddress server, int ioThreads, int maxConnectsInFlight, PipelineHook hook,
                          int connectTimeoutMillis) {
        this.server = server;
        this.group = new MultiThreadIoEventLoopGroup(ioThreads, LocalIoHandler.newFactory());
        this.hook = hook;
        this.connectsInFlight = new Semaphore(maxConnectsInFlight);
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.template = new Bootstrap().group(group).channel(LocalChannel.class);
    }

    @Override
    public Connection connect(int clientIndex, TransportListener listener) throws IOException {
        try {
            connectsInFlight.acquire();
            try {
                LocalConnection conn = new LocalConnection(listener);
                Bootstrap b = template.clone().handler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                        hook.install(ch.pipeline(), clientIndex);
                        ch.pipeline().addLast(new FrameDecoder(), FrameEncoder.INSTANCE, new InboxHandler(conn));
                    }
                });
                ChannelFuture f = connectOnEventLoop(b);
                if (!f.await(connectTimeoutMillis)) {
                    f.cancel(false);
                    throw new IOException("local connect timed out after " + connectTimeoutMillis + " ms");
                }
                if (!f.isSuccess()) {
                    throw new IOException("local connect failed: " + f.cause(), f.cause());
                }
                conn.attach(f.channel());
                return conn;
            } finally {
                connectsInFlight.release();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting", e);
        }
    }

    /**
     * Starts the connect on one of the transport's event loops rather than on the calling client
     * thread: Netty keeps per-thread caches (an {@code InternalThreadLocalMap}, three {@code WeakHashMap}s
     * for handler names, masks and sharability) for each thread that builds a pipeline, about 1 KB that
     * each virtual client thread would otherwise keep for as long as it lives.
     */
    private ChannelFuture connectOnEventLoop(Bootstrap b) throws IOException, InterruptedException {
        java.util.concurrent.CompletableFuture<ChannelFuture> started = new java.util.concurrent.CompletableFuture<>();
        group.next().execute(() -> {
            try {
                started.complete(b.connect(server));
            } catch (RuntimeException e) {
                started.completeExceptionally(e);
            }
        });
        try {
            return started.get(connectTimeoutMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("local connect failed: " + e.getCause(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("local connect did not start within " + connectTimeoutMillis + " ms");
        }
    }

    @Override
    public void close() {
        // A short quiet period lets the closes of the last channels reach their peers.
        group.shutdownGracefully(100, 2000, java.util.concurrent.TimeUnit.MILLISECONDS).awaitUninterruptibly(3000);
    }

    private static final class LocalConnection extends AbstractConnection {
        private volatile Channel channel;

        LocalConnection(TransportListener listener) {
            super(listener);
        }

        void attach(Channel ch) {
            this.channel = ch;
            ch.closeFuture().addListener(f -> closedBy(DisconnectCause.SERVER_CLOSE, null));
        }

        @Override
        void doSend(Frame frame) throws IOException {
            Channel ch = channel;
            if (ch == null || !ch.isActive()) {
                closedBy(DisconnectCause.SERVER_CLOSE, "channel inactive");
                throw new ConnectionClosedException(closeCause(), closeDetail());
            }
            ch.writeAndFlush(frame, ch.voidPromise());
        }

        @Override
        void doClose() {
            Channel ch = channel;
            if (ch != null) {
                ch.close();
            }
        }
    }

    /** Puts decoded frames into the connection's inbox; a refused frame closes it. */
    private static final class InboxHandler extends SimpleChannelInboundHandler<Object> {
        private final LocalConnection conn;

        InboxHandler(LocalConnection conn) {
            this.conn = conn;
        }

        @Override
        protected void channelRead0(ChannelHandlerContext ctx, Object msg) {
            switch (msg) {
                case Frame f -> conn.deliver(f);
                case BadFrame bad -> {
                    conn.closedBy(DisconnectCause.ERROR, "bad frame: " + bad.describe());
                    ctx.close();
                }
                default -> { }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            conn.closedBy(DisconnectCause.ERROR, cause.toString());
            ctx.close();
        }
    }
}
