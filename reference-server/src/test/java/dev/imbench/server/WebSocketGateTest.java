package dev.imbench.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.protocol.Frame;
import dev.imbench.protocol.FrameCodec;
import dev.imbench.protocol.FrameHeader;
import dev.imbench.protocol.FrameLimits;
import dev.imbench.protocol.pb.AuthRequest;
import dev.imbench.protocol.pb.AuthResponse;
import dev.imbench.protocol.pb.C2CPushRequest;
import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.C2CSendResponse;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.PullRequest;
import dev.imbench.protocol.pb.PullResponse;
import java.io.ByteArrayOutputStream;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** H5 clients: auth, c2c and pull over WebSocket binary messages, one frame each. */
class WebSocketGateTest {

    private ImServer server;
    private HttpClient http;

    @BeforeEach
    void start() {
        server = ImServer.start(ServerConfig.defaults());
        http = HttpClient.newHttpClient();
    }

    @AfterEach
    void stop() {
        server.close();
        http.close();
    }

    /** A JDK WebSocket that decodes each binary message as one frame. */
    private final class WsClient implements WebSocket.Listener {
        final LinkedBlockingQueue<Frame> frames = new LinkedBlockingQueue<>();
        private final ByteArrayOutputStream partial = new ByteArrayOutputStream();
        final WebSocket ws;
        final java.util.concurrent.CompletableFuture<Integer> closed = new java.util.concurrent.CompletableFuture<>();
        private int seq;

        WsClient() {
            ws = http.newWebSocketBuilder().buildAsync(server.wsUri(), this).join();
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            byte[] chunk = new byte[data.remaining()];
            data.get(chunk);
            partial.writeBytes(chunk);
            if (last) {
                byte[] all = partial.toByteArray();
                partial.reset();
                FrameHeader h = FrameHeader.read(all);
                FrameCodec.checkHeader(h, FrameLimits.DEFAULT);
                frames.add((Frame) FrameCodec.parseBody(h, all, FrameHeader.LENGTH, h.bodyLength()));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(-1);
        }

        int send(CmdId cmd, com.google.protobuf.Message body) {
            ws.sendBinary(ByteBuffer.wrap(FrameCodec.encode(Frame.of(cmd, ++seq, body))), true).join();
            return seq;
        }

        Frame await(CmdId cmd) throws InterruptedException {
            while (true) {
                Frame f = frames.poll(5, TimeUnit.SECONDS);
                assertNotNull(f, "no " + cmd);
                if (f.cmd() == cmd) {
                    return f;
                }
            }
        }

        void login(String uid) throws InterruptedException {
            send(CmdId.AUTH_REQ, AuthRequest.newBuilder().setUid(uid)
                    .setToken(server.tokens().issue(uid, DeviceType.WEB)).build());
            assertEquals(AuthResponse.Status.OK, await(CmdId.AUTH_RESP).bodyAs(AuthResponse.class).getStatus());
        }
    }

    @Test
    void shouldAuthSendPushAndPullOverWebSocket() throws Exception {
        WsClient alice = new WsClient();
        WsClient bob = new WsClient();
        alice.login("alice");
        bob.login("bob");
        int seq = alice.send(CmdId.C2C_SEND_REQ, C2CSendRequest.newBuilder().setFrom("alice").setTo("bob")
                .setContent("over ws").setClientMsgId(1).build());
        Frame ack = alice.await(CmdId.C2C_SEND_RESP);
        assertEquals(seq, ack.seq());
        assertEquals(1, ack.bodyAs(C2CSendResponse.class).getClientMsgId());
        assertEquals("over ws", bob.await(CmdId.C2C_PUSH_REQ).bodyAs(C2CPushRequest.class).getContent());
        bob.send(CmdId.PULL_REQ, PullRequest.newBuilder().setOffset(0).build());
        assertEquals(1, bob.await(CmdId.PULL_RESP).bodyAs(PullResponse.class).getMsgsCount());
        alice.ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
        bob.ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();
    }

    @Test
    void shouldCloseConnectionThatSendsTextMessages() throws Exception {
        WsClient c = new WsClient();
        c.login("alice");
        c.ws.sendText("hello?", true).join();
        c.closed.get(5, TimeUnit.SECONDS);
        org.awaitility.Awaitility.await().until(() -> server.backends().presence().routes("alice").isEmpty());
    }

    private static byte[] frame(CmdId cmd, int seq, com.google.protobuf.Message body) {
        return FrameCodec.encode(Frame.of(cmd, seq, body));
    }

    @Test
    void shouldJoinTheFragmentsOfOneMessageIntoOneFrame() throws Exception {
        WsClient c = new WsClient();
        byte[] auth = frame(CmdId.AUTH_REQ, 1, AuthRequest.newBuilder().setUid("alice")
                .setToken(server.tokens().issue("alice", DeviceType.WEB)).build());
        int half = auth.length / 2;
        c.ws.sendBinary(ByteBuffer.wrap(auth, 0, half), false).join();
        c.ws.sendBinary(ByteBuffer.wrap(auth, half, auth.length - half), true).join();
        assertEquals(AuthResponse.Status.OK, c.await(CmdId.AUTH_RESP).bodyAs(AuthResponse.class).getStatus());
    }

    @Test
    void shouldRefuseHalfAFramePerMessageInsteadOfJoiningMessages() throws Exception {
        WsClient c = new WsClient();
        byte[] keepalive = frame(CmdId.KEEPALIVE_REQ, 7, dev.imbench.protocol.pb.Keepalive.getDefaultInstance());
        c.ws.sendBinary(ByteBuffer.wrap(keepalive, 0, 10), true).join();
        c.ws.sendBinary(ByteBuffer.wrap(keepalive, 10, keepalive.length - 10), true);
        assertEquals(dev.imbench.protocol.pb.ErrorCode.ERR_MALFORMED_FRAME, c.await(CmdId.ERROR_RESP)
                .bodyAs(dev.imbench.protocol.pb.ErrorResponse.class).getCode());
        c.closed.get(5, TimeUnit.SECONDS);
        assertTrue(c.frames.stream().noneMatch(f -> f.cmd() == CmdId.KEEPALIVE_RESP), "never joined into a keepalive");
    }

    @Test
    void shouldRefuseTwoFramesInOneMessage() throws Exception {
        WsClient c = new WsClient();
        byte[] one = frame(CmdId.KEEPALIVE_REQ, 1, dev.imbench.protocol.pb.Keepalive.getDefaultInstance());
        byte[] two = new byte[one.length * 2];
        System.arraycopy(one, 0, two, 0, one.length);
        System.arraycopy(one, 0, two, one.length, one.length);
        c.ws.sendBinary(ByteBuffer.wrap(two), true).join();
        Frame first = c.frames.poll(5, TimeUnit.SECONDS);
        assertNotNull(first);
        assertEquals(CmdId.ERROR_RESP, first.cmd(), "neither frame was run");
        c.closed.get(5, TimeUnit.SECONDS);
    }
}
