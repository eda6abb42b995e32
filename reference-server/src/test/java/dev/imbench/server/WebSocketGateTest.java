package dev.imbench.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.protocol.Frame;
import dev.imbench.protocol.FrameCodec;
import dev.imbench.protocol.pb.AuthRequest;
import dev.imbench.protocol.pb.AuthResponse;
import dev.imbench.protocol.pb.C2CPushRequest;
import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.C2CSendResponse;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.ErrorCode;
import dev.imbench.protocol.pb.ErrorResponse;
import dev.imbench.protocol.pb.Keepalive;
import dev.imbench.protocol.pb.PullRequest;
import dev.imbench.protocol.pb.PullResponse;
import dev.imbench.testsupport.WireClient;
import java.nio.ByteBuffer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** H5 clients: auth, c2c and pull over WebSocket binary messages, one frame each. */
class WebSocketGateTest {

    private ImServer server;

    @BeforeEach
    void start() {
        server = ImServer.start(ServerConfig.defaults());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private WireClient.WebSocketClient connect() {
        return WireClient.ws(server.wsUri());
    }

    @Test
    void shouldAuthSendPushAndPullOverWebSocket() throws Exception {
        try (WireClient alice = connect(); WireClient bob = connect()) {
            alice.login(server.tokens()::issue, "alice", DeviceType.WEB);
            bob.login(server.tokens()::issue, "bob", DeviceType.WEB);
            int seq = alice.send(CmdId.C2C_SEND_REQ, C2CSendRequest.newBuilder().setFrom("alice").setTo("bob")
                    .setContent("over ws").setClientMsgId(1).build());
            Frame ack = alice.await(CmdId.C2C_SEND_RESP);
            assertEquals(seq, ack.seq());
            assertEquals(1, ack.bodyAs(C2CSendResponse.class).getClientMsgId());
            assertEquals("over ws", bob.await(CmdId.C2C_PUSH_REQ).bodyAs(C2CPushRequest.class).getContent());
            bob.send(CmdId.PULL_REQ, PullRequest.newBuilder().setOffset(0).build());
            assertEquals(1, bob.await(CmdId.PULL_RESP).bodyAs(PullResponse.class).getMsgsCount());
        }
    }

    @Test
    void shouldCloseConnectionThatSendsTextMessages() throws Exception {
        try (WireClient.WebSocketClient c = connect()) {
            c.login(server.tokens()::issue, "alice", DeviceType.WEB);
            c.webSocket().sendText("hello?", true).join();
            c.awaitClosed();
            Awaitility.await().until(() -> server.backends().presence().routes("alice").isEmpty());
        }
    }

    private static byte[] frame(CmdId cmd, int seq, com.google.protobuf.Message body) {
        return FrameCodec.encode(Frame.of(cmd, seq, body));
    }

    @Test
    void shouldJoinTheFragmentsOfOneMessageIntoOneFrame() throws Exception {
        try (WireClient.WebSocketClient c = connect()) {
            byte[] auth = frame(CmdId.AUTH_REQ, 1, AuthRequest.newBuilder().setUid("alice")
                    .setToken(server.tokens().issue("alice", DeviceType.WEB)).build());
            int half = auth.length / 2;
            c.webSocket().sendBinary(ByteBuffer.wrap(auth, 0, half), false).join();
            c.webSocket().sendBinary(ByteBuffer.wrap(auth, half, auth.length - half), true).join();
            assertEquals(AuthResponse.Status.OK, c.await(CmdId.AUTH_RESP).bodyAs(AuthResponse.class).getStatus());
        }
    }

    @Test
    void shouldRefuseHalfAFramePerMessageInsteadOfJoiningMessages() throws Exception {
        try (WireClient c = connect()) {
            byte[] keepalive = frame(CmdId.KEEPALIVE_REQ, 7, Keepalive.getDefaultInstance());
            c.writeRaw(java.util.Arrays.copyOfRange(keepalive, 0, 10));
            c.writeRaw(java.util.Arrays.copyOfRange(keepalive, 10, keepalive.length));
            assertEquals(ErrorCode.ERR_MALFORMED_FRAME, c.await(CmdId.ERROR_RESP).bodyAs(ErrorResponse.class).getCode());
            c.awaitClosed();
            assertTrue(c.unclaimed().stream().noneMatch(f -> f.cmd() == CmdId.KEEPALIVE_RESP), "never joined into a keepalive");
        }
    }

    @Test
    void shouldRefuseTwoFramesInOneMessage() throws Exception {
        try (WireClient c = connect()) {
            byte[] one = frame(CmdId.KEEPALIVE_REQ, 1, Keepalive.getDefaultInstance());
            byte[] two = new byte[one.length * 2];
            System.arraycopy(one, 0, two, 0, one.length);
            System.arraycopy(one, 0, two, one.length, one.length);
            c.writeRaw(two);
            Frame first = c.poll(5_000);
            assertEquals(CmdId.ERROR_RESP, first == null ? null : first.cmd(), "neither frame was run");
            c.awaitClosed();
        }
    }
}
