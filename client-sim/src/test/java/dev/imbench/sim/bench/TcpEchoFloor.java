package dev.imbench.sim.bench;

import com.sun.management.OperatingSystemMXBean;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The floor under the TCP benchmarks (not a test): bare Netty NIO connections over loopback in this
 * JVM, one event loop on each side. Opens {@code connections} connections (100 in flight), then each
 * keeps one 64-byte buffer bouncing (client → server → client) for {@code seconds}: round trips per
 * second and process CPU per round trip. A c2c message is two round trips on the wire (send/ack,
 * push/push ack), so the floor in messages per second is half the round trips. Each connection costs
 * two descriptors here (both ends in one process). Arguments {@code connections=N seconds=S}; prints
 * one {@code FLOOR} line.
 */
public final class TcpEchoFloor {

    private TcpEchoFloor() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("expected key=value, got '" + arg + "' (connections=N seconds=S)");
            }
            a.put(kv[0], kv[1]);
        }
        int connections = Integer.parseInt(a.getOrDefault("connections", "2000"));
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "10"));
        EventLoopGroup clientLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        EventLoopGroup serverLoop = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        LongAdder echoes = new LongAdder();
        try {
            Channel server = new ServerBootstrap().group(serverLoop).channel(NioServerSocketChannel.class)
                    .option(ChannelOption.SO_BACKLOG, 4096).childOption(ChannelOption.TCP_NODELAY, true)
                    .childHandler(new Relay(null)).bind(new InetSocketAddress("127.0.0.1", 0)).sync().channel();
            Bootstrap b = new Bootstrap().group(clientLoop).channel(NioSocketChannel.class)
                    .option(ChannelOption.TCP_NODELAY, true).handler(new Relay(echoes));
            Semaphore inFlight = new Semaphore(100);
            List<Channel> channels = new ArrayList<>(connections);
            long t0 = System.nanoTime();
            for (int i = 0; i < connections; i++) {
                inFlight.acquire();
                var f = b.connect(server.localAddress());
                channels.add(f.channel());
                f.addListener((ChannelFutureListener) x -> {
                    inFlight.release();
                    if (!x.isSuccess()) {
                        System.err.println("connect failed: " + x.cause());
                    }
                });
            }
            inFlight.acquire(100);
            inFlight.release(100);
            double connectSeconds = (System.nanoTime() - t0) / 1e9;
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long e0 = echoes.sum();
            long s0 = System.nanoTime();
            for (Channel c : channels) {
                ByteBuf buf = Unpooled.directBuffer(64).writeZero(64);
                c.writeAndFlush(buf);
            }
            TimeUnit.SECONDS.sleep(seconds);
            long rounds = echoes.sum() - e0;
            double echoSeconds = (System.nanoTime() - s0) / 1e9;
            long cpu = os.getProcessCpuTime() - cpu0;
            System.out.printf(Locale.ROOT, "FLOOR connections=%d connectsPerSec=%.0f echoPerSec=%.0f cpuUsPerEcho=%.2f%n",
                    connections, connections / connectSeconds, rounds / echoSeconds, cpu / 1000.0 / Math.max(1, rounds));
            for (Channel c : channels) {
                c.close();
            }
            server.close().sync();
        } finally {
            clientLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            serverLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** Writes back what it reads; on the client side counts each round trip first. */
    private static final class Relay extends ChannelInboundHandlerAdapter {
        private final LongAdder counted;

        Relay(LongAdder counted) {
            this.counted = counted;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (counted != null) {
                counted.increment();
            }
            ctx.writeAndFlush(msg);
        }

        @Override
        public boolean isSharable() {
            return true;
        }
    }
}
