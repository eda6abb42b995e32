package dev.imbench.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.testsupport.WireClient;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.C2GSendRequest;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.ErrorCode;
import dev.imbench.protocol.pb.ErrorResponse;
import dev.imbench.protocol.pb.Keepalive;
import dev.imbench.protocol.pb.PullRequest;
import java.nio.ByteBuffer;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Hostile and broken input at the gate: refused with the right code, nothing stored. */
class GateBadInputTest {

    private ImServer server;

    @BeforeEach
    void start() {
        server = ImServer.start(ServerConfig.builder().idleTimeout(Duration.ofMillis(500)).build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static byte[] header(int headLength, int cmd, int seq, int bodyLength) {
        return ByteBuffer.allocate(20).putInt(headLength).putInt(1).putInt(cmd).putInt(seq).putInt(bodyLength).array();
    }

    private static ErrorResponse error(WireClient c, int seq) throws InterruptedException {
        Frame f = c.await(CmdId.ERROR_RESP);
        assertEquals(seq, f.seq());
        return f.bodyAs(ErrorResponse.class);
    }

    @Test
    void shouldRefuseEveryCommandBeforeAuthButAnswerKeepalive() throws Exception {
        try (WireClient c = WireClient.tcp(server.tcpAddress())) {
            int k = c.send(CmdId.KEEPALIVE_REQ, Keepalive.getDefaultInstance());
            assertEquals(k, c.await(CmdId.KEEPALIVE_RESP).seq());
            int s = c.send(CmdId.C2C_SEND_REQ, C2CSendRequest.newBuilder().setFrom("mallory").setTo("bob")
                    .setContent("x").setClientMsgId(1).build());
            ErrorResponse e = error(c, s);
            assertEquals(ErrorCode.ERR_NOT_AUTHENTICATED, e.getCode());
            assertEquals(CmdId.C2C_SEND_REQ_VALUE, e.getRequestCmd());
            int p = c.send(CmdId.PULL_REQ, PullRequest.newBuilder().setUid("bob").build());
            assertEquals(ErrorCode.ERR_NOT_AUTHENTICATED, error(c, p).getCode());
            assertTrue(server.backends().messages().page("bob", 0, 10).isEmpty(), "nothing stored");
        }
    }

    @Test
    void shouldRefuseForgedFromAndStoreNothing() throws Exception {
        try (WireClient c = WireClient.tcp(server.tcpAddress())) {
            c.login(server.tokens()::issue, "mallory", DeviceType.IOS);
            int s = c.send(CmdId.C2C_SEND_REQ, C2CSendRequest.newBuilder().setFrom("alice").setTo("bob")
                    .setContent("I am alice").setClientMsgId(1).build());
            assertEquals(ErrorCode.ERR_FORGED_FROM, error(c, s).getCode());
            int g = c.send(CmdId.C2G_SEND_REQ, C2GSendRequest.newBuilder().setFrom("alice").setGroup(1).build());
            assertEquals(ErrorCode.ERR_FORGED_FROM, error(c, g).getCode());
            int p = c.send(CmdId.PULL_REQ, PullRequest.newBuilder().setUid("bob").build());
            assertEquals(ErrorCode.ERR_FORGED_FROM, error(c, p).getCode());
            assertTrue(server.backends().messages().page("bob", 0, 10).isEmpty(), "nothing stored");
        }
    }

    @Test
    void shouldAnswerMalformedBodyMidSessionAndKeepServing() throws Exception {
        try (WireClient c = WireClient.tcp(server.tcpAddress())) {
            c.login(server.tokens()::issue, "alice", DeviceType.IOS);
            byte[] junk = {(byte) 0xff, (byte) 0xff, (byte) 0xff};
            c.writeRaw(header(20, CmdId.C2C_SEND_REQ_VALUE, 77, junk.length));
            c.writeRaw(junk);
            assertEquals(ErrorCode.ERR_MALFORMED_FRAME, error(c, 77).getCode());
            c.writeRaw(header(20, 9999, 78, 0));
            assertEquals(ErrorCode.ERR_UNKNOWN_CMD, error(c, 78).getCode());
            int k = c.send(CmdId.KEEPALIVE_REQ, Keepalive.getDefaultInstance());
            assertEquals(k, c.await(CmdId.KEEPALIVE_RESP).seq(), "the session survives non-fatal errors");
            assertTrue(server.backends().messages().page("bob", 0, 10).isEmpty());
        }
    }

    @Test
    void shouldAnswerFatalHeaderErrorThenClose() throws Exception {
        try (WireClient c = WireClient.tcp(server.tcpAddress())) {
            c.login(server.tokens()::issue, "alice", DeviceType.IOS);
            c.writeRaw(header(20, CmdId.C2C_SEND_REQ_VALUE, 5, 10_000_000));
            assertEquals(ErrorCode.ERR_BODY_TOO_LARGE, error(c, 5).getCode());
            c.awaitClosed();
            await().until(() -> server.backends().presence().routes("alice").isEmpty());
        }
    }

    @Test
    void shouldRefuseServerOnlyCommandsFromClients() throws Exception {
        try (WireClient c = WireClient.tcp(server.tcpAddress())) {
            c.login(server.tokens()::issue, "alice", DeviceType.IOS);
            int s = c.send(CmdId.AUTH_RESP, dev.imbench.protocol.pb.AuthResponse.getDefaultInstance());
            assertEquals(ErrorCode.ERR_UNKNOWN_CMD, error(c, s).getCode());
        }
    }

    @Test
    void shouldCloseIdleConnectionAndRemoveItFromRouting() throws Exception {
        try (WireClient c = WireClient.tcp(server.tcpAddress())) {
            c.login(server.tokens()::issue, "alice", DeviceType.IOS);
            c.awaitClosed();
            await().until(() -> server.backends().presence().routes("alice").isEmpty() && server.sessionCount() == 0);
        }
    }
}
