package dev.imbench.chaos.api;

import dev.imbench.chaos.proxy.HostPort;
import dev.imbench.chaos.proxy.ToxicProxy;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * An embedded server speaking the Toxiproxy 2.x HTTP API (default port 8474), so Toxiproxy clients
 * (toxiproxy-java, toxiproxy-cli, ...) drive imbench's proxies and toxics unchanged.
 */
public final class ToxiproxyServer implements AutoCloseable {

    /** Toxiproxy's default API port. */
    public static final int DEFAULT_PORT = 8474;
    /** Largest accepted request body. */
    public static final int MAX_BODY_BYTES = 1 << 20;

    private final EventLoopGroup httpGroup;
    private final EventLoopGroup proxyGroup;
    private final ExecutorService workers;
    private final ProxyStore store;
    private final Channel channel;

    private ToxiproxyServer(String host, int port, long seed, int maxConnectionsPerProxy) {
        httpGroup = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        proxyGroup = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        workers = Executors.newVirtualThreadPerTaskExecutor();
        store = new ProxyStore(proxyGroup, seed, new HostPort(host, port), maxConnectionsPerProxy);
        ApiRouter router = new ApiRouter(store);
        var f = new ServerBootstrap().group(httpGroup).channel(NioServerSocketChannel.class)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_BODY_BYTES),
                        new ToxiproxyApiHandler(router, workers));
                }
            }).bind(new InetSocketAddress(host, port)).awaitUninterruptibly();
        if (!f.isSuccess()) {
            shutdown();
            throw new IllegalStateException("cannot listen on " + host + ":" + port + ": " + f.cause().getMessage(), f.cause());
        }
        channel = f.channel();
        store.apiAddress(new HostPort(host, port()));
    }

    /**
     * Starts a server.
     *
     * @param host address to bind, e.g. {@code 127.0.0.1}
     * @param port API port (0 = ephemeral)
     * @param seed seed of every proxy's generator (toxicity and jitter draws)
     * @throws IllegalStateException when the port cannot be bound
     */
    public static ToxiproxyServer start(String host, int port, long seed) {
        return start(host, port, seed, ToxicProxy.DEFAULT_MAX_CONNECTIONS);
    }

    /**
     * Starts a server whose proxies each carry at most {@code maxConnectionsPerProxy} client connections at
     * once (more are closed at accept). A proxy whose upstream leads back into a proxy or to this API is
     * refused with 400.
     */
    public static ToxiproxyServer start(String host, int port, long seed, int maxConnectionsPerProxy) {
        return new ToxiproxyServer(host, port, seed, maxConnectionsPerProxy);
    }

    /** The bound API port. */
    public int port() {
        return ((InetSocketAddress) channel.localAddress()).getPort();
    }

    /** Stops the API and every proxy. */
    @Override
    public void close() {
        channel.close().awaitUninterruptibly();
        store.closeAll();
        shutdown();
    }

    private void shutdown() {
        workers.shutdown();
        httpGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        proxyGroup.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /**
     * Runs the server standalone: {@code [--host H] [--port P] [--seed S]} (defaults 127.0.0.1, 8474, 1).
     */
    public static void main(String[] args) throws InterruptedException {
        String host = "127.0.0.1";
        int port = DEFAULT_PORT;
        long seed = 1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--host" -> host = args[i + 1];
                case "--port" -> port = Integer.parseInt(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (use --host, --port, --seed)");
            }
        }
        ToxiproxyServer server = start(host, port, seed);
        System.out.println("toxiproxy API listening on " + host + ":" + server.port());
        Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        server.channel.closeFuture().sync();
    }
}
