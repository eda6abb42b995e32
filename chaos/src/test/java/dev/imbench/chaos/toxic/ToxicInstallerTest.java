package dev.imbench.chaos.toxic;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import io.netty.channel.local.LocalIoHandler;
import io.netty.channel.local.LocalServerChannel;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Toxics inside an in-JVM (local transport) client pipeline, as the client simulator installs them. */
class ToxicInstallerTest {

    private EventLoopGroup group;
    private Channel server;
    private final AtomicInteger received = new AtomicInteger();
    private final AtomicLong firstReadNanos = new AtomicLong();

    @BeforeEach
    void start() {
        group = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
        server = new ServerBootstrap().group(group).channel(LocalServerChannel.class)
            .childHandler(new ChannelInboundHandlerAdapter() {
                @Override
                public void channelRead(ChannelHandlerContext ctx, Object msg) {
                    ctx.writeAndFlush(msg); // echo
                }
            }).bind(new LocalAddress("toxic-installer-test")).syncUninterruptibly().channel();
    }

    @AfterEach
    void stop() {
        server.close().syncUninterruptibly();
        group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private Channel client(List<ToxicSpec> toxics) {
        return new Bootstrap().group(group).channel(LocalChannel.class).handler(new ChannelInitializer<LocalChannel>() {
            @Override
            protected void initChannel(LocalChannel ch) {
                ToxicInstaller.install(ch.pipeline(), toxics, new SplittableRandom(3));
                ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                    @Override
                    public void channelRead(ChannelHandlerContext ctx, Object msg) {
                        firstReadNanos.compareAndSet(0, System.nanoTime());
                        received.addAndGet(((ByteBuf) msg).readableBytes());
                        ((ByteBuf) msg).release();
                    }
                });
            }
        }).connect(server.localAddress()).syncUninterruptibly().channel();
    }

    @Test
    void shouldDelayClientWritesByUpstreamLatency() {
        Channel c = client(List.of(ToxicSpec.of("latency", Direction.UPSTREAM, Map.of("latency", 100L))));
        long t0 = System.nanoTime();
        c.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {1, 2, 3}));
        await().atMost(Duration.ofSeconds(3)).until(() -> received.get() == 3);
        long ms = (firstReadNanos.get() - t0) / 1_000_000;
        // a lower bound only: an upper one flakes on a loaded machine (ToxicEffectsTest bounds it on a fake clock)
        assertTrue(ms >= 100, "echo after " + ms + " ms");
        c.close();
    }

    @Test
    void shouldCloseClientAfterExactlyLimitBytesDownstream() {
        Channel c = client(List.of(ToxicSpec.of("limit_data", Direction.DOWNSTREAM, Map.of("bytes", 5L))));
        c.writeAndFlush(Unpooled.wrappedBuffer(new byte[12]));
        await().atMost(Duration.ofSeconds(3)).until(() -> !c.isActive());
        assertEquals(5, received.get());
    }

    @Test
    void shouldNotAffectConnectionsWhenToxicityIsZero() {
        Channel c = client(List.of(new ToxicSpec("t", "timeout", Direction.DOWNSTREAM, 0.0, Map.of("timeout", 1L))));
        c.writeAndFlush(Unpooled.wrappedBuffer(new byte[4]));
        await().atMost(Duration.ofSeconds(3)).until(() -> received.get() == 4);
        assertTrue(c.isActive());
        c.close();
    }

    @Test
    void shouldApplyToxicAddedToLiveConnection() {
        Channel c = client(List.of());
        ToxicHandler h = (ToxicHandler) c.pipeline().get(ToxicInstaller.HANDLER_NAME);
        h.update(List.of(ToxicSpec.of("reset_peer", Direction.UPSTREAM, Map.of("timeout", 0L))));
        await().atMost(Duration.ofSeconds(3)).until(() -> {
            c.writeAndFlush(Unpooled.wrappedBuffer(new byte[1]));
            return !c.isActive();
        });
        assertEquals(0, received.get());
    }
}
