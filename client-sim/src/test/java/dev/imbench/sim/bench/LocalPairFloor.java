package dev.imbench.sim.bench;

import com.sun.management.OperatingSystemMXBean;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * The floor under the in-JVM benchmarks (not a test): bare Netty local-channel pairs in this JVM, one
 * event loop each side as the simulator and the server have. Connects {@code pairs} pairs (1 000 in
 * flight) and reports connects per second and heap bytes per pair; then each of {@code echoPairs}
 * pairs keeps one 64-byte buffer bouncing (client → server → client) for {@code seconds}: round trips
 * per second and process CPU per round trip. A c2c message is two round trips on the wire (send/ack,
 * push/push ack). Arguments {@code pairs=N echoPairs=N seconds=S}; prints one {@code FLOOR} line.
 */
public final class LocalPairFloor {

    private LocalPairFloor() {
    }

    public static void main(String[] args) throws Exception {
        java.util.Map<String, String> a = new java.util.HashMap<>();
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            a.put(kv[0], kv[1]);
        }
        int pairs = Integer.parseInt(a.getOrDefault("pairs", "100000"));
        int echoPairs = Math.min(pairs, Integer.parseInt(a.getOrDefault("echoPairs", "10000")));
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "10"));
        EventLoopGroup clientLoop = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
        EventLoopGroup serverLoop = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
        LongAdder echoes = new LongAdder();
        try {
            ChannelHandler echo = new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ctx.writeAndFlush(msg);
                }

                @Override
                public boolean isSharable() {
                    return true;
                }
            };
            Channel server = new ServerBootstrap().group(serverLoop).channel(LocalServerChannel.class)
                    .childHandler(echo).bind(new LocalAddress("floor")).sync().channel();
            ChannelHandler bounce = new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    echoes.increment();
                    ctx.writeAndFlush(msg);
                }

                @Override
                public boolean isSharable() {
                    return true;
                }
            };
            Bootstrap b = new Bootstrap().group(clientLoop).channel(LocalChannel.class)
                    .handler(new ChannelInitializer<LocalChannel>() {
                        @Override
                        protected void initChannel(LocalChannel ch) {
                            ch.pipeline().addLast(bounce);
                        }
                    });
            long heapBefore = usedHeap();
            Semaphore inFlight = new Semaphore(1000);
            List<Channel> channels = new ArrayList<>(pairs);
            long t0 = System.nanoTime();
            for (int i = 0; i < pairs; i++) {
                inFlight.acquire();
                var f = b.connect(server.localAddress(), new LocalAddress("floor-client-" + i));
                channels.add(f.channel());
                f.addListener((ChannelFutureListener) x -> inFlight.release());
            }
            inFlight.acquire(1000);
            inFlight.release(1000);
            double connectSeconds = (System.nanoTime() - t0) / 1e9;
            long heapOnline = usedHeap();
            OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
            long cpu0 = os.getProcessCpuTime();
            long e0 = echoes.sum();
            long s0 = System.nanoTime();
            for (int i = 0; i < echoPairs; i++) {
                ByteBuf buf = Unpooled.directBuffer(64).writeZero(64);
                channels.get(i).writeAndFlush(buf);
            }
            TimeUnit.SECONDS.sleep(seconds);
            long rounds = echoes.sum() - e0;
            double echoSeconds = (System.nanoTime() - s0) / 1e9;
            long cpu = os.getProcessCpuTime() - cpu0;
            System.out.printf(Locale.ROOT, "FLOOR pairs=%d connectsPerSec=%.0f bytesPerPair=%.0f echoPairs=%d"
                            + " echoPerSec=%.0f cpuUsPerEcho=%.2f%n", pairs, pairs / connectSeconds,
                    (heapOnline - heapBefore) / (double) pairs, echoPairs, rounds / echoSeconds, cpu / 1000.0 / Math.max(1, rounds));
            for (Channel c : channels) {
                c.close();
            }
            server.close().sync();
        } finally {
            clientLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            serverLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    /** The used heap once full collections stop freeing anything (System.gc() is synchronous with G1). */
    private static long usedHeap() {
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            System.gc();
            long now = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
            if (now >= used) {
                return now;
            }
            used = now;
        }
        return used;
    }
}
