package dev.imbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.Message;
import dev.imbench.protocol.BlockingFrameChannel;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.AuthRequest;
import dev.imbench.protocol.pb.AuthResponse;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.DeviceType;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/** A blocking test client over real TCP: the SSO login over HTTP, then frames; a reader thread queues what arrives. */
final class WireClient implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final Frame EOF = Frame.of(CmdId.KEEPALIVE_RESP, -1, dev.imbench.protocol.pb.Keepalive.getDefaultInstance());

    private final Socket socket;
    private final BlockingFrameChannel channel;
    private final LinkedBlockingQueue<Frame> inbox = new LinkedBlockingQueue<>();
    private final List<Frame> stash = new ArrayList<>();
    private final AtomicInteger seq = new AtomicInteger();
    private volatile boolean closed;

    private WireClient(String hostPort) throws IOException {
        int colon = hostPort.lastIndexOf(':');
        socket = new Socket();
        socket.connect(new InetSocketAddress(hostPort.substring(0, colon), Integer.parseInt(hostPort.substring(colon + 1))), 2000);
        channel = BlockingFrameChannel.of(socket);
        Thread.ofVirtual().start(this::read);
    }

    /** Connects to a gate's {@code host:port} and authenticates with a token from {@code http}'s SSO. */
    static WireClient login(String gateTcp, String http, String uid) throws IOException, InterruptedException {
        WireClient c = new WireClient(gateTcp);
        String token = post(http, "/sso/login", "{\"uid\":\"" + uid + "\",\"deviceType\":\"IOS\"}").path("token").asText();
        c.send(CmdId.AUTH_REQ, AuthRequest.newBuilder().setUid(uid).setToken(token).setDeviceType(DeviceType.IOS).build());
        AuthResponse r = c.await(CmdId.AUTH_RESP, 10).bodyAs(AuthResponse.class);
        if (r.getStatus() != AuthResponse.Status.OK) {
            c.close();
            throw new IllegalStateException("auth of " + uid + " refused: " + r.getErrMsg());
        }
        return c;
    }

    /** The TCP addresses {@code http}'s iplist names, in its order. */
    static List<String> iplist(String http) throws IOException, InterruptedException {
        JsonNode doc = JSON.readTree(HTTP.send(HttpRequest.newBuilder(URI.create("http://" + http + "/iplist")).build(),
                HttpResponse.BodyHandlers.ofString()).body());
        List<String> out = new ArrayList<>();
        doc.path("gates").forEach(g -> out.add(g.path("tcp").asText()));
        return out;
    }

    private static JsonNode post(String http, String path, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://" + http + path))
                .POST(HttpRequest.BodyPublishers.ofString(body)).header("Content-Type", "application/json").build(),
                HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body());
    }

    private void read() {
        try {
            while (true) {
                inbox.add(channel.read());
            }
        } catch (IOException | RuntimeException e) {
            closed = true;
            inbox.add(EOF);
        }
    }

    /** Writes a frame with the next seq; returns the seq. */
    synchronized int send(CmdId cmd, Message body) throws IOException {
        int s = seq.incrementAndGet();
        channel.write(Frame.of(cmd, s, body));
        return s;
    }

    /** The next frame with this cmdId (others are kept); fails after {@code seconds} or if the connection closed. */
    Frame await(CmdId cmd, long seconds) throws InterruptedException {
        Frame f = next(cmd, seconds);
        if (f == null) {
            throw new AssertionError("no " + cmd + " within " + seconds + " s (closed: " + closed + "); got " + stash);
        }
        return f;
    }

    /** The next frame with this cmdId, or null if none came within {@code seconds} or the connection closed. */
    Frame next(CmdId cmd, long seconds) throws InterruptedException {
        for (Iterator<Frame> it = stash.iterator(); it.hasNext(); ) {
            Frame f = it.next();
            if (f.cmd() == cmd && f != EOF) {
                it.remove();
                return f;
            }
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (true) {
            Frame f = inbox.poll(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
            if (f == null || f == EOF) {
                if (f == EOF) {
                    inbox.add(EOF);
                }
                return null;
            }
            if (f.cmd() == cmd) {
                return f;
            }
            stash.add(f);
        }
    }

    /** Whether the server side went away. */
    boolean isClosed() {
        return closed;
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
