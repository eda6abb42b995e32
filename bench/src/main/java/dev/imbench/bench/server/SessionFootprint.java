package dev.imbench.bench.server;

import dev.imbench.protocol.Frame;
import dev.imbench.protocol.FrameDecoder;
import dev.imbench.protocol.FrameEncoder;
import dev.imbench.protocol.pb.AuthRequest;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.server.ImServer;
import dev.imbench.server.ServerConfig;
import io.netty.bootstrap.Bootstrap;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
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
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * Measures the heap cost of one authenticated in-JVM session: N local clients authenticate against an
 * {@link ImServer}; the baseline is N bare local-channel pairs (same client pipeline, a server with
 * no handlers) measured in the same JVM. Prints bytes per pair for both and their difference, the
 * server's share. Usage: {@code SessionFootprint [N=100000]}.
 */
public final class SessionFootprint {

    private static final int IN_FLIGHT = 1_000;

    private SessionFootprint() {
    }

    public static void main(String[] args) throws Exception {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        EventLoopGroup clients = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
        EventLoopGroup bareServer = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
        try {
            long before = usedHeap();
            Channel bare = new ServerBootstrap().group(bareServer).channel(LocalServerChannel.class)
                    .childHandler(new ChannelInitializer<LocalChannel>() {
                        @Override
                        protected void initChannel(LocalChannel ch) {
                            // A bare pair: no server handlers.
                        }
                    }).bind(new LocalAddress("bare-footprint")).sync().channel();
            List<Channel> bareClients = connect(clients, bare.localAddress(), n, null);
            long bareBytes = usedHeap() - before;
            for (Channel c : bareClients) {
                c.close().sync();
            }
            bare.close().sync();
            bareClients = null;

            try (ImServer server = ImServer.start(ServerConfig.builder().tcpPort(-1).wsPort(-1).httpPort(-1).build())) {
                long start = usedHeap();
                List<Channel> authed = connect(clients, server.localAddress(), n, server);
                long serverBytes = usedHeap() - start;
                System.out.printf("sessions=%d online=%d%n", server.sessionCount(), server.backends().presence().onlineDevices());
                System.out.printf("bare pair: %.0f B, authenticated pair: %.0f B, server share: %.0f B per session%n",
                        (double) bareBytes / n, (double) serverBytes / n, (double) (serverBytes - bareBytes) / n);
                authed.forEach(Channel::close);
            }
        } finally {
            clients.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
            bareServer.shutdownGracefully(0, 1, TimeUnit.SECONDS).sync();
        }
    }

    private static List<Channel> connect(EventLoopGroup group, java.net.SocketAddress to, int n, ImServer server)
            throws InterruptedException {
        CountDownLatch done = new CountDownLatch(n);
        Semaphore inFlight = new Semaphore(IN_FLIGHT);
        ChannelHandler counter = new ChannelInboundHandlerAdapter() {
            @Override
            public void channelRead(ChannelHandlerContext ctx, Object msg) {
                if (msg instanceof Frame f && f.cmd() == CmdId.AUTH_RESP) {
                    inFlight.release();
                    done.countDown();
                }
            }

            @Override
            public boolean isSharable() {
                return true;
            }
        };
        Bootstrap b = new Bootstrap().group(group).channel(LocalChannel.class).handler(new ChannelInitializer<LocalChannel>() {
            @Override
            protected void initChannel(LocalChannel ch) {
                ch.pipeline().addLast(new FrameDecoder(), FrameEncoder.INSTANCE, counter);
            }
        });
        List<Channel> channels = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            inFlight.acquire();
            // An explicit, unique client address: Netty's random ephemeral local ids collide at this scale.
            Channel ch = b.connect(to, new LocalAddress(to + "-client-" + i)).sync().channel();
            channels.add(ch);
            if (server == null) {
                inFlight.release();
                done.countDown();
            } else {
                String uid = "u" + i;
                ch.writeAndFlush(Frame.of(CmdId.AUTH_REQ, 1, AuthRequest.newBuilder().setUid(uid)
                        .setToken(server.tokens().issue(uid, DeviceType.ANDROID)).build()));
            }
        }
        if (!done.await(5, TimeUnit.MINUTES)) {
            throw new IllegalStateException("not all sessions authenticated: " + done.getCount() + " missing");
        }
        return channels;
    }

    private static long usedHeap() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
}
