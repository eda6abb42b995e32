package dev.imbench.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

import com.google.protobuf.Message;
import dev.imbench.protocol.BlockingFrameChannel;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.FrameDecoder;
import dev.imbench.protocol.FrameEncoder;
import dev.imbench.protocol.pb.AuthRequest;
import dev.imbench.protocol.pb.AuthResponse;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.DeviceType;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.local.LocalChannel;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A test client over TCP (BlockingFrameChannel) or an in-JVM LocalChannel; frames land in a queue. */
abstract class TestClient implements AutoCloseable {

    static final long WAIT_SECONDS = 5;

    private static final Frame EOF = Frame.of(CmdId.KEEPALIVE_RESP, -1,
            dev.imbench.protocol.pb.Keepalive.getDefaultInstance());

    final LinkedBlockingQueue<Frame> inbox = new LinkedBlockingQueue<>();
    private final List<Frame> stash = new ArrayList<>();
    private final AtomicInteger seq = new AtomicInteger();
    volatile boolean closedByPeer;

    static TestClient tcp(ImServer server) throws IOException {
        return new Tcp(new Socket("127.0.0.1", server.tcpAddress().getPort()));
    }

    static TestClient local(ImServer server, EventLoopGroup group) throws InterruptedException {
        return new Local(server, group);
    }

    /** Writes a frame with the next seq; returns the seq. */
    int send(CmdId cmd, Message body) {
        int s = seq.incrementAndGet();
        write(Frame.of(cmd, s, body));
        return s;
    }

    abstract void write(Frame f);

    /** Raw bytes (TCP only). */
    void writeRaw(byte[] bytes) throws IOException {
        throw new UnsupportedOperationException();
    }

    /** The next frame with this cmdId (others are kept for later awaits). */
    Frame await(CmdId cmd) throws InterruptedException {
        for (Iterator<Frame> it = stash.iterator(); it.hasNext(); ) {
            Frame f = it.next();
            if (f.cmd() == cmd && f != EOF) {
                it.remove();
                return f;
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            Frame f = inbox.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertNotNull(f, "no " + cmd + " within " + WAIT_SECONDS + " s; got " + stash);
            if (f == EOF) {
                stash.add(f);
                throw new AssertionError("connection closed while waiting for " + cmd + "; got " + stash);
            }
            if (f.cmd() == cmd) {
                return f;
            }
            stash.add(f);
        }
    }

    /** The next frame of any kind, or null if none arrives within {@code millis}. */
    Frame poll(long millis) throws InterruptedException {
        if (!stash.isEmpty()) {
            return stash.remove(0);
        }
        Frame f = inbox.poll(millis, TimeUnit.MILLISECONDS);
        return f == EOF ? null : f;
    }

    /** Waits until the server closes the connection. */
    void awaitClosed() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (!closedByPeer) {
            Frame f = inbox.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            assertNotNull(f, "connection still open after " + WAIT_SECONDS + " s");
            if (f != EOF) {
                stash.add(f);
            }
        }
    }

    /** Authenticates and asserts OK. */
    void login(ImServer server, String uid, DeviceType type) throws InterruptedException {
        AuthResponse r = auth(server.tokens().issue(uid, type), uid);
        assertEquals(AuthResponse.Status.OK, r.getStatus(), r.getErrMsg());
    }

    AuthResponse auth(String token, String uid) throws InterruptedException {
        int s = send(CmdId.AUTH_REQ, AuthRequest.newBuilder().setToken(token).setUid(uid).build());
        Frame f = await(CmdId.AUTH_RESP);
        assertEquals(s, f.seq());
        return f.bodyAs(AuthResponse.class);
    }

    /** Closes the connection. */
    @Override
    public abstract void close() throws IOException;

    void peerClosed() {
        closedByPeer = true;
        inbox.add(EOF);
    }

    private static final class Tcp extends TestClient {
        private final Socket socket;
        private final BlockingFrameChannel ch;
        private final OutputStream raw;

        Tcp(Socket socket) throws IOException {
            this.socket = socket;
            this.ch = BlockingFrameChannel.of(socket);
            this.raw = socket.getOutputStream();
            Thread.ofVirtual().name("test-client-reader").start(this::readLoop);
        }

        private void readLoop() {
            try {
                Frame f;
                while ((f = ch.read()) != null) {
                    inbox.add(f);
                }
            } catch (IOException e) {
                // closed
            }
            peerClosed();
        }

        @Override
        void write(Frame f) {
            try {
                ch.write(f);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }

        @Override
        void writeRaw(byte[] bytes) throws IOException {
            raw.write(bytes);
            raw.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static final class Local extends TestClient {
        private final Channel channel;

        Local(ImServer server, EventLoopGroup group) throws InterruptedException {
            channel = new Bootstrap().group(group).channel(LocalChannel.class)
                    .handler(new ChannelInitializer<LocalChannel>() {
                        @Override
                        protected void initChannel(LocalChannel ch) {
                            ch.pipeline().addLast(new FrameDecoder(), FrameEncoder.INSTANCE,
                                    new SimpleChannelInboundHandler<Frame>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, Frame f) {
                                            inbox.add(f);
                                        }

                                        @Override
                                        public void channelInactive(ChannelHandlerContext ctx) {
                                            peerClosed();
                                        }
                                    });
                        }
                    }).connect(server.localAddress()).sync().channel();
        }

        @Override
        void write(Frame f) {
            channel.writeAndFlush(f);
        }

        @Override
        public void close() {
            channel.close().awaitUninterruptibly();
        }
    }
}
