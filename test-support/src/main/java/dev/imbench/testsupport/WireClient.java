package dev.imbench.testsupport;

import com.google.protobuf.Message;
import dev.imbench.protocol.BadFrame;
import dev.imbench.protocol.BlockingFrameChannel;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.FrameCodec;
import dev.imbench.protocol.FrameDecoder;
import dev.imbench.protocol.FrameEncoder;
import dev.imbench.protocol.FrameLimits;
import dev.imbench.protocol.WsFrameMessages;
import dev.imbench.protocol.pb.AuthRequest;
import dev.imbench.protocol.pb.AuthResponse;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.Keepalive;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.local.LocalAddress;
import io.netty.channel.local.LocalChannel;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * The one wire client of the tests: frames to a gate over TCP, a WebSocket (one binary message per
 * frame) or an in-JVM local channel; what arrives lands in a queue that {@link #await} searches by
 * cmdId, keeping the other frames for later awaits. Failures are {@link AssertionError}s that say
 * what was expected and what came.
 */
public abstract class WireClient implements AutoCloseable {

    /**
     * How long {@link #await(CmdId)} and {@link #awaitClosed()} wait: long, since it only bounds a failing
     * test (a frame that should come can be seconds late on two loaded cores).
     */
    public static final long WAIT_SECONDS = 30;

    private static final Frame EOF = Frame.of(CmdId.KEEPALIVE_RESP, -1, Keepalive.getDefaultInstance());

    private final LinkedBlockingQueue<Frame> inbox = new LinkedBlockingQueue<>();
    private final List<Frame> stash = new ArrayList<>();
    private final AtomicInteger seq = new AtomicInteger();
    private volatile boolean closedByPeer;

    /** Connects over TCP. */
    public static WireClient tcp(InetSocketAddress address) throws IOException {
        Socket socket = new Socket();
        socket.connect(address, 2000);
        return new Tcp(socket);
    }

    /** Connects over TCP to {@code host:port}. */
    public static WireClient tcp(String hostPort) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        return tcp(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))));
    }

    /** Connects an in-JVM local channel on {@code group} (built with {@code LocalIoHandler}). */
    public static WireClient local(LocalAddress address, EventLoopGroup group) throws InterruptedException {
        return new Local(address, group);
    }

    /** Opens a WebSocket ({@code ws://host:port/path}). */
    public static WebSocketClient ws(URI uri) {
        return new WebSocketClient(uri);
    }

    /** Writes a frame with the next seq; returns the seq. */
    public int send(CmdId cmd, Message body) {
        int s = seq.incrementAndGet();
        write(Frame.of(cmd, s, body));
        return s;
    }

    /** Writes one frame as it is. */
    public abstract void write(Frame f);

    /** Writes bytes as they are: on TCP into the stream, on a WebSocket as one binary message. */
    public void writeRaw(byte[] bytes) throws IOException {
        throw new UnsupportedOperationException("raw bytes need TCP or a WebSocket");
    }

    /** The next frame with this cmdId (others are kept for later awaits), within {@link #WAIT_SECONDS}. */
    public Frame await(CmdId cmd) throws InterruptedException {
        return await(cmd, WAIT_SECONDS);
    }

    /** The next frame with this cmdId within {@code seconds}; fails if none came or the connection closed. */
    public Frame await(CmdId cmd, long seconds) throws InterruptedException {
        Frame f = next(cmd, seconds);
        if (f == null) {
            throw new AssertionError((closedByPeer ? "connection closed while waiting for " : "no ")
                    + cmd + (closedByPeer ? "" : " within " + seconds + " s") + "; got " + stash);
        }
        return f;
    }

    /** The next frame with this cmdId, or null if none came within {@code seconds} or the connection closed. */
    public Frame next(CmdId cmd, long seconds) throws InterruptedException {
        return take(f -> f.cmd() == cmd, TimeUnit.SECONDS.toNanos(seconds));
    }

    /**
     * The answer to request {@code seq}: the next frame with that seq that is not a push (an ack or an
     * error; pushes and other frames are kept for later awaits), or null if none came within {@code millis}
     * or the connection closed.
     */
    public Frame answer(int seq, long millis) throws InterruptedException {
        return take(f -> f.seq() == seq && !f.cmd().name().endsWith("PUSH_REQ"), TimeUnit.MILLISECONDS.toNanos(millis));
    }

    /** The first kept or arriving frame that is {@code wanted} (the others are kept), or null. */
    private Frame take(Predicate<Frame> wanted, long nanos) throws InterruptedException {
        for (Iterator<Frame> it = stash.iterator(); it.hasNext(); ) {
            Frame f = it.next();
            if (wanted.test(f)) {
                it.remove();
                return f;
            }
        }
        long deadline = System.nanoTime() + nanos;
        while (true) {
            Frame f = inbox.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (f == null) {
                return null;
            }
            if (f == EOF) {
                inbox.add(EOF);
                return null;
            }
            if (wanted.test(f)) {
                return f;
            }
            stash.add(f);
        }
    }

    /** The next frame of any kind, or null if none arrives within {@code millis}. */
    public Frame poll(long millis) throws InterruptedException {
        if (!stash.isEmpty()) {
            return stash.remove(0);
        }
        Frame f = inbox.poll(millis, TimeUnit.MILLISECONDS);
        if (f == EOF) {
            inbox.add(EOF);
            return null;
        }
        return f;
    }

    /** Waits until the peer closes the connection; frames that came meanwhile stay for {@link #unclaimed()}. */
    public void awaitClosed() throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(WAIT_SECONDS);
        while (true) {
            Frame f = inbox.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (f == null) {
                throw new AssertionError("connection still open after " + WAIT_SECONDS + " s");
            }
            if (f == EOF) {
                inbox.add(EOF);
                return;
            }
            stash.add(f);
        }
    }

    /** Frames received that no await took, in arrival order. */
    public List<Frame> unclaimed() {
        return List.copyOf(stash);
    }

    /** Whether the peer closed the connection. */
    public boolean isClosed() {
        return closedByPeer;
    }

    /** Authenticates with {@code token} and asserts OK. */
    public void login(String token, String uid) throws InterruptedException {
        AuthResponse r = auth(token, uid);
        if (r.getStatus() != AuthResponse.Status.OK) {
            throw new AssertionError("login of " + uid + " refused: " + r.getErrCode() + " " + r.getErrMsg());
        }
    }

    /** Authenticates with a token from {@code tokens} and asserts OK. */
    public void login(Tokens tokens, String uid, DeviceType type) throws InterruptedException {
        login(tokens.issue(uid, type), uid);
    }

    /** Sends {@code AUTH_REQ} and returns the answer, checking it carries the request's seq. */
    public AuthResponse auth(String token, String uid) throws InterruptedException {
        return auth(token, uid, WAIT_SECONDS);
    }

    /** {@link #auth(String, String)}, waiting up to {@code seconds} for the answer. */
    public AuthResponse auth(String token, String uid, long seconds) throws InterruptedException {
        int s = send(CmdId.AUTH_REQ, AuthRequest.newBuilder().setToken(token).setUid(uid).build());
        Frame f = await(CmdId.AUTH_RESP, seconds);
        if (f.seq() != s) {
            throw new AssertionError("AUTH_RESP seq " + f.seq() + " answers request seq " + s);
        }
        return f.bodyAs(AuthResponse.class);
    }

    /** Closes the connection. */
    @Override
    public abstract void close() throws IOException;

    /** Where a test gets a login token: {@code server.tokens()::issue}, or an HTTP SSO. */
    @FunctionalInterface
    public interface Tokens {
        String issue(String uid, DeviceType type);
    }

    void received(Frame f) {
        inbox.add(f);
    }

    void peerClosed() {
        if (!closedByPeer) {
            closedByPeer = true;
            inbox.add(EOF);
        }
    }

    private static final class Tcp extends WireClient {
        private final Socket socket;
        private final BlockingFrameChannel channel;
        private final OutputStream raw;

        Tcp(Socket socket) throws IOException {
            this.socket = socket;
            this.channel = BlockingFrameChannel.of(socket);
            this.raw = socket.getOutputStream();
            Thread.ofVirtual().name("wire-client-reader").start(this::readLoop);
        }

        private void readLoop() {
            try {
                Frame f;
                while ((f = channel.read()) != null) {
                    received(f);
                }
            } catch (IOException | RuntimeException e) {
                // closed, or a frame the client cannot read: either way the stream is over
            }
            peerClosed();
        }

        @Override
        public void write(Frame f) {
            try {
                channel.write(f);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public synchronized void writeRaw(byte[] bytes) throws IOException {
            raw.write(bytes);
            raw.flush();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private static final class Local extends WireClient {
        private final Channel channel;

        Local(LocalAddress address, EventLoopGroup group) throws InterruptedException {
            channel = new Bootstrap().group(group).channel(LocalChannel.class)
                    .handler(new ChannelInitializer<LocalChannel>() {
                        @Override
                        protected void initChannel(LocalChannel ch) {
                            ch.pipeline().addLast(new FrameDecoder(), FrameEncoder.INSTANCE,
                                    new SimpleChannelInboundHandler<Frame>() {
                                        @Override
                                        protected void channelRead0(ChannelHandlerContext ctx, Frame f) {
                                            received(f);
                                        }

                                        @Override
                                        public void channelInactive(ChannelHandlerContext ctx) {
                                            peerClosed();
                                        }
                                    });
                        }
                    }).connect(address).sync().channel();
        }

        @Override
        public void write(Frame f) {
            channel.writeAndFlush(f);
        }

        @Override
        public void close() {
            channel.close().awaitUninterruptibly();
        }
    }

    /** A client over a JDK WebSocket: each binary message carries one frame, both ways. */
    public static final class WebSocketClient extends WireClient implements WebSocket.Listener {
        private final HttpClient http = HttpClient.newHttpClient();
        private final WsFrameMessages messages = new WsFrameMessages(FrameLimits.DEFAULT);
        private final WebSocket socket;

        WebSocketClient(URI uri) {
            socket = http.newWebSocketBuilder().buildAsync(uri, this).join();
        }

        /** The WebSocket itself, to send fragments, text or a close. */
        public WebSocket webSocket() {
            return socket;
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            switch (messages.append(data, last)) {
                case null -> { }
                case Frame f -> received(f);
                case BadFrame bad -> peerClosed(); // a message the client cannot read: the stream is over
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            peerClosed();
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            peerClosed();
        }

        @Override
        public void write(Frame f) {
            socket.sendBinary(ByteBuffer.wrap(FrameCodec.encode(f)), true).join();
        }

        @Override
        public void writeRaw(byte[] bytes) {
            socket.sendBinary(ByteBuffer.wrap(bytes), true).join();
        }

        @Override
        public void close() {
            if (!socket.isOutputClosed()) {
                try {
                    socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
                } catch (CompletionException e) {
                    // the peer's close came first and the JDK answered it: the output is closed already
                }
            }
            socket.abort();
            http.close();
        }
    }
}
