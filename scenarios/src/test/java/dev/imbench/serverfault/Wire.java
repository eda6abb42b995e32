package dev.imbench.serverfault;

import com.google.protobuf.Message;
import dev.imbench.protocol.BlockingFrameChannel;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.AuthRequest;
import dev.imbench.protocol.pb.AuthResponse;
import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.server.auth.TokenIssuer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A blocking test client over TCP: frames in, a reader thread queueing what arrives; EOF is noticed. */
final class Wire implements AutoCloseable {

    private final Socket socket;
    private final BlockingFrameChannel channel;
    private final LinkedBlockingQueue<Frame> inbox = new LinkedBlockingQueue<>();
    private final AtomicInteger seq = new AtomicInteger();
    private volatile boolean closed;

    private Wire(InetSocketAddress gate) throws IOException {
        socket = new Socket();
        socket.connect(gate, 2000);
        channel = BlockingFrameChannel.of(socket);
        Thread.ofVirtual().start(() -> {
            try {
                for (Frame f; (f = channel.read()) != null; ) {
                    inbox.add(f);
                }
            } catch (IOException e) {
                // reset or closed: noticed through closed()
            } finally {
                closed = true;
            }
        });
    }

    /** Connects and authenticates {@code uid}; the answer's status is returned (the client stays open). */
    static Wire connect(InetSocketAddress gate) throws IOException {
        return new Wire(gate);
    }

    AuthResponse auth(TokenIssuer tokens, String uid) throws IOException, InterruptedException {
        int s = send(CmdId.AUTH_REQ, AuthRequest.newBuilder().setUid(uid).setToken(tokens.issue(uid, DeviceType.IOS))
                .setDeviceType(DeviceType.IOS).build());
        Frame f = next(s, 10_000);
        if (f == null) {
            throw new AssertionError("no answer to the login of " + uid);
        }
        return f.bodyAs(AuthResponse.class);
    }

    static Wire login(InetSocketAddress gate, TokenIssuer tokens, String uid) throws IOException, InterruptedException {
        Wire w = connect(gate);
        AuthResponse r = w.auth(tokens, uid);
        if (r.getStatus() != AuthResponse.Status.OK) {
            w.close();
            throw new AssertionError("login of " + uid + " refused: " + r.getErrMsg());
        }
        return w;
    }

    int send(CmdId cmd, Message body) throws IOException {
        int s = seq.incrementAndGet();
        channel.write(Frame.of(cmd, s, body));
        return s;
    }

    int c2c(String from, String to, long clientMsgId) throws IOException {
        return send(CmdId.C2C_SEND_REQ, C2CSendRequest.newBuilder().setFrom(from).setTo(to)
                .setContent(from + "-" + clientMsgId).setClientMsgId(clientMsgId).build());
    }

    /** The answer to request {@code s} (pushes and other frames skipped), or null within {@code millis}. */
    Frame next(int s, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            Frame f = inbox.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (f == null || f.seq() == s && !f.cmd().name().endsWith("PUSH_REQ")) {
                return f;
            }
        }
    }

    /** The next frame of kind {@code cmd} (others skipped), or null within {@code millis}. */
    Frame nextOf(CmdId cmd, long millis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(millis);
        while (true) {
            Frame f = inbox.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            if (f == null || f.cmd() == cmd) {
                return f;
            }
        }
    }

    boolean closed() {
        return closed;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
