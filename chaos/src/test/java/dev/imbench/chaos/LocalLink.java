package dev.imbench.chaos;

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
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/** A client and a server joined by an in-JVM channel, the client carrying a ToxicHandler; every byte received is timed. */
final class LocalLink implements AutoCloseable {

    /** A byte and when it arrived. */
    record Arrival(byte value, long nanos) {
    }

    private static int counter;

    final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, LocalIoHandler.newFactory());
    final BlockingQueue<Arrival> atServer = new LinkedBlockingQueue<>();
    final BlockingQueue<Arrival> atClient = new LinkedBlockingQueue<>();
    final CountDownLatch clientClosed = new CountDownLatch(1);
    final Channel client;
    volatile Channel server;

    LocalLink(Supplier<List<ToxicSpec>> toxics, long seed) throws InterruptedException {
        LocalAddress address = new LocalAddress("toxic-test-" + (++counter) + "-" + System.nanoTime());
        CountDownLatch accepted = new CountDownLatch(1);
        new ServerBootstrap().group(group).channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                        server = ch;
                        ch.pipeline().addLast(recorder(atServer));
                        accepted.countDown();
                    }
                }).bind(address).sync();
        client = new Bootstrap().group(group).channel(LocalChannel.class)
                .handler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                        ch.pipeline().addLast(new ToxicHandler(toxics, new SplittableRandom(seed), true), recorder(atClient));
                        ch.closeFuture().addListener(f -> clientClosed.countDown());
                    }
                }).connect(address).sync().channel();
        accepted.await(5, TimeUnit.SECONDS);
    }

    private static ChannelInboundHandlerAdapter recorder(BlockingQueue<Arrival> q) {
        return new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                ByteBuf b = (ByteBuf) msg;
                long now = System.nanoTime();
                while (b.isReadable()) {
                    q.add(new Arrival(b.readByte(), now));
                }
                b.release();
            }
        };
    }

    void sendUp(byte[] bytes) {
        client.writeAndFlush(Unpooled.wrappedBuffer(bytes)).syncUninterruptibly();
    }

    void sendDown(byte[] bytes) {
        server.writeAndFlush(Unpooled.wrappedBuffer(bytes)).syncUninterruptibly();
    }

    static Arrival take(BlockingQueue<Arrival> q, long timeoutMs) throws InterruptedException {
        return q.poll(timeoutMs, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        client.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }
}
