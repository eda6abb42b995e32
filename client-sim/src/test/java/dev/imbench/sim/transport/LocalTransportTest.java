package dev.imbench.sim.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.Keepalive;
import io.netty.bootstrap.ServerBootstrap;
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
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class LocalTransportTest {

    /** Many more connects than may be in flight: every one gets through (the queued ones wait), each a working connection. */
    @Test
    void connectsQueuedBehindTheInFlightBoundAllConnectAndCarryFrames() throws Exception {
        EventLoopGroup serverLoop = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
        LocalAddress address = new LocalAddress("local-transport-test-" + UUID.randomUUID());
        Channel server = new ServerBootstrap().group(serverLoop).channel(LocalServerChannel.class)
                .childHandler(new ChannelInitializer<LocalChannel>() {
                    @Override
                    protected void initChannel(LocalChannel ch) {
                        ch.pipeline().addLast(new ChannelInboundHandlerAdapter() {
                            @Override
                            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                                ctx.writeAndFlush(msg); // echoes the encoded bytes
                            }
                        });
                    }
                }).bind(address).sync().channel();
        LocalTransport transport = new LocalTransport(address, 1, 2, PipelineHook.NONE, 5000);
        try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<Frame>> echoed = new ArrayList<>();
            for (int i = 0; i < 200; i++) {
                int index = i;
                echoed.add(clients.submit(() -> {
                    Connection c = transport.connect(index, TransportListener.NONE);
                    c.send(Frame.of(CmdId.KEEPALIVE_REQ, index, Keepalive.getDefaultInstance()));
                    Frame f = c.receive(TimeUnit.SECONDS.toNanos(10));
                    c.close(DisconnectCause.PLANNED, "done");
                    return f;
                }));
            }
            for (int i = 0; i < echoed.size(); i++) {
                Frame f = echoed.get(i).get(30, TimeUnit.SECONDS);
                assertNotNull(f, "connection " + i + " got its frame back");
                assertEquals(i, f.seq());
            }
        } finally {
            transport.close();
            server.close().sync();
            serverLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }

    /** A failed connect gives its permit back: with one connect in flight allowed, later ones still fail fast, not hang. */
    @Test
    void aFailedConnectReleasesItsPermit() {
        LocalTransport transport = new LocalTransport(new LocalAddress("nobody-" + UUID.randomUUID()), 1, 1,
                PipelineHook.NONE, 2000);
        try {
            for (int i = 0; i < 3; i++) {
                int index = i;
                assertThrows(IOException.class, () -> transport.connect(index, TransportListener.NONE));
            }
        } finally {
            transport.close();
        }
    }
}
