package dev.imbench.chaos.proxy;

import dev.imbench.chaos.toxic.ToxicHandler;
import dev.imbench.chaos.toxic.ToxicSpec;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A TCP proxy from a listen address to an upstream address, applying toxics to each connection:
 * the accepted (client-facing) channel carries a {@link ToxicHandler} on its server side, so resets
 * reach the client as a TCP RST. {@link #stop()} ("down") closes the listener and every connection.
 * Each connection draws from its own generator split from the proxy's seeded one.
 */
public final class ToxicProxy {

    /** Default bound of client connections open at once through one proxy. */
    public static final int DEFAULT_MAX_CONNECTIONS = 1024;

    private static final int REBIND_ATTEMPTS = 25;
    private static final long REBIND_WAIT_MS = 20;

    private final EventLoopGroup group;
    private final int maxConnections;
    private final AtomicInteger open = new AtomicInteger();
    private final SplittableRandom random;
    private final ProxyMetrics metrics = new ProxyMetrics();
    private final Set<ToxicHandler> live = ConcurrentHashMap.newKeySet();
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private volatile HostPort listen;
    private volatile HostPort upstream;
    private volatile List<ToxicSpec> toxics = List.of();
    private volatile Channel server;

    /**
     * @param group    event loops shared by proxies
     * @param listen   address to listen on (port 0 = ephemeral, resolved at {@link #start()})
     * @param upstream where connections go
     * @param seed     seed of this proxy's generator
     */
    public ToxicProxy(EventLoopGroup group, HostPort listen, HostPort upstream, long seed) {
        this(group, listen, upstream, seed, DEFAULT_MAX_CONNECTIONS);
    }

    /**
     * A proxy that closes a client connection at once when {@code maxConnections} are open (counted as
     * refused): a loop through other proxies or a flood cannot open descriptors without bound.
     */
    public ToxicProxy(EventLoopGroup group, HostPort listen, HostPort upstream, long seed, int maxConnections) {
        if (maxConnections <= 0) {
            throw new IllegalArgumentException("maxConnections must be > 0: " + maxConnections);
        }
        this.maxConnections = maxConnections;
        this.group = group;
        this.listen = listen;
        this.upstream = upstream;
        this.random = new SplittableRandom(seed);
    }

    /** Starts listening; a port in use fails with an {@link IllegalStateException}. */
    public synchronized void start() {
        if (server != null) {
            return;
        }
        HostPort l = listen;
        InetSocketAddress bind = l.host().isEmpty() ? new InetSocketAddress(l.port()) : new InetSocketAddress(l.host(), l.port());
        ChannelFuture f = bind(bind);
        // NIO closes a registered listening socket only after its selector deregisters it, so a port
        // released by stop() may still be bound for a moment: retry briefly before reporting it in use
        for (int attempt = 0; !f.isSuccess() && l.port() != 0 && attempt < REBIND_ATTEMPTS; attempt++) {
            try {
                Thread.sleep(REBIND_WAIT_MS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            f = bind(bind);
        }
        if (!f.isSuccess()) {
            throw new IllegalStateException("cannot listen on " + l + ": " + f.cause().getMessage(), f.cause());
        }
        server = f.channel();
        int port = ((InetSocketAddress) server.localAddress()).getPort();
        listen = new HostPort(l.host(), port);
    }

    private ChannelFuture bind(InetSocketAddress bind) {
        return new ServerBootstrap().group(group).channel(NioServerSocketChannel.class)
            .option(ChannelOption.SO_REUSEADDR, true)
            .childOption(ChannelOption.AUTO_READ, false)
            .childOption(ChannelOption.TCP_NODELAY, true)
            .childHandler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    accept(ch);
                }
            }).bind(bind).awaitUninterruptibly();
    }

    /** Closes the listener and every open connection at once. */
    public synchronized void stop() {
        Channel s = server;
        server = null;
        if (s != null && !s.eventLoop().isShuttingDown()) {
            s.close().awaitUninterruptibly();
        } else if (s != null) {
            s.close(); // the loops are going away: do not wait on them
        }
        for (ToxicHandler h : live) {
            h.abort();
        }
        for (Channel c : channels) {
            c.close();
        }
    }

    /** True while listening. */
    public boolean isEnabled() {
        return server != null;
    }

    /** Changes the addresses; a running proxy restarts on the new ones. */
    public synchronized void reconfigure(HostPort newListen, HostPort newUpstream) {
        boolean running = isEnabled();
        if (running) {
            stop();
        }
        listen = newListen;
        upstream = newUpstream;
        if (running) {
            start();
        }
    }

    /** Replaces the toxics, in chain order, on new and live connections. */
    public void setToxics(List<ToxicSpec> specs) {
        toxics = List.copyOf(specs);
        for (ToxicHandler h : live) {
            h.update(toxics);
        }
    }

    /** The current toxics. */
    public List<ToxicSpec> toxics() {
        return toxics;
    }

    /** Listen address (actual port once started). */
    public HostPort listen() {
        return listen;
    }

    /** Upstream address. */
    public HostPort upstream() {
        return upstream;
    }

    /** This proxy's counters. */
    public ProxyMetrics metrics() {
        return metrics;
    }

    private void accept(SocketChannel front) {
        if (open.incrementAndGet() > maxConnections) {
            open.decrementAndGet();
            metrics.refused();
            front.close();
            return;
        }
        front.closeFuture().addListener(f -> open.decrementAndGet());
        metrics.connection();
        SplittableRandom connRandom;
        synchronized (random) {
            connRandom = random.split();
        }
        channels.add(front);
        front.closeFuture().addListener(f -> channels.remove(front));
        HostPort up = upstream;
        new Bootstrap().group(front.eventLoop()).channel(NioSocketChannel.class)
            .option(ChannelOption.TCP_NODELAY, true)
            .option(ChannelOption.AUTO_READ, false)
            .handler(new ChannelInitializer<SocketChannel>() {
                @Override
                protected void initChannel(SocketChannel ch) {
                    // relay added once connected
                }
            })
            .connect(up.host().isEmpty() ? "127.0.0.1" : up.host(), up.port()).addListener((ChannelFuture cf) -> {
                if (!cf.isSuccess()) {
                    front.close();
                    return;
                }
                Channel back = cf.channel();
                channels.add(back);
                back.closeFuture().addListener(f -> channels.remove(back));
                ToxicHandler toxic = new ToxicHandler(ToxicHandler.Side.SERVER, toxics, connRandom);
                live.add(toxic);
                front.closeFuture().addListener(f -> live.remove(toxic));
                front.pipeline().addLast("toxics", toxic);
                front.pipeline().addLast("relay", new RelayHandler(back, metrics, true));
                back.pipeline().addLast("relay", new RelayHandler(front, metrics, false));
                if (!isEnabled()) {
                    front.close();
                    back.close();
                    return;
                }
                front.config().setAutoRead(true);
                back.config().setAutoRead(true);
            });
    }
}
