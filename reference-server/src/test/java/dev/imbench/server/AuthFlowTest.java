package dev.imbench.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.testsupport.WireClient;
import dev.imbench.protocol.pb.AuthResponse;
import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.ErrorCode;
import dev.imbench.protocol.pb.ErrorResponse;
import dev.imbench.protocol.pb.KickoutRequest;
import dev.imbench.protocol.pb.LogoutRequest;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/** auth, kickout and logout over TCP. */
@EachBackendSet
class AuthFlowTest {

    @Parameter
    BackendSet backendSet;

    private ImServer server;

    @BeforeEach
    void start() {
        server = backendSet.start(ServerConfig.builder().kickoutGrace(Duration.ofMillis(50)).build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void shouldAuthenticateWithSsoTokenAndRegisterRoute() throws Exception {
        try (WireClient c = WireClient.tcp(server.tcpAddress())) {
            c.login(server.tokens()::issue, "alice", DeviceType.IOS);
            await().until(() -> server.backends().presence().routes("alice").size() == 1);
            assertEquals(DeviceType.IOS, server.backends().presence().routes("alice").get(0).deviceType());
        }
    }

    @Test
    void shouldRefuseBadExpiredAndForeignTokensWithDistinctCodes() throws Exception {
        try (WireClient c = WireClient.tcp(server.tcpAddress())) {
            AuthResponse bad = c.auth("not-a-token", "alice");
            assertEquals(AuthResponse.Status.ERR, bad.getStatus());
            assertEquals(ErrorCode.ERR_BAD_TOKEN, bad.getErrCode());

            String forged = server.tokens().issue("alice", DeviceType.IOS);
            String tampered = forged.substring(0, forged.length() - 2) + (forged.endsWith("AA") ? "BB" : "AA");
            assertEquals(ErrorCode.ERR_BAD_TOKEN, c.auth(tampered, "alice").getErrCode());

            String expired = server.tokens().issueUntil("alice", DeviceType.IOS, System.currentTimeMillis() - 1);
            assertEquals(ErrorCode.ERR_TOKEN_EXPIRED, c.auth(expired, "alice").getErrCode());

            String bobs = server.tokens().issue("bob", DeviceType.IOS);
            assertEquals(ErrorCode.ERR_UID_MISMATCH, c.auth(bobs, "alice").getErrCode());

            assertTrue(server.backends().presence().routes("alice").isEmpty());
            // Still unauthenticated: a send is refused.
            c.send(CmdId.C2C_SEND_REQ, C2CSendRequest.newBuilder().setFrom("alice").setTo("bob").build());
            assertEquals(ErrorCode.ERR_NOT_AUTHENTICATED, c.await(CmdId.ERROR_RESP).bodyAs(ErrorResponse.class).getCode());
        }
    }

    @Test
    void shouldKickOlderDeviceOfSameTypeWithKickoutFrameThenClose() throws Exception {
        try (WireClient first = WireClient.tcp(server.tcpAddress()); WireClient second = WireClient.tcp(server.tcpAddress())) {
            first.login(server.tokens()::issue, "alice", DeviceType.IOS);
            second.login(server.tokens()::issue, "alice", DeviceType.IOS);
            assertEquals(KickoutRequest.Reason.OTHER_LOGIN,
                    first.await(CmdId.KICKOUT_REQ).bodyAs(KickoutRequest.class).getReason());
            first.awaitClosed();
            await().until(() -> server.sessionCount() == 1);
            assertEquals(1, server.backends().presence().routes("alice").size(), "the new session keeps its route");
        }
    }

    @Test
    void shouldNotKickDeviceOfAnotherType() throws Exception {
        try (WireClient phone = WireClient.tcp(server.tcpAddress()); WireClient pc = WireClient.tcp(server.tcpAddress())) {
            phone.login(server.tokens()::issue, "alice", DeviceType.IOS);
            pc.login(server.tokens()::issue, "alice", DeviceType.PC);
            assertEquals(2, server.backends().presence().routes("alice").size());
            assertNull(phone.poll(200), "no kickout for another device type");
            assertFalse(phone.isClosed());
        }
    }

    @Test
    void shouldLogoutAndRemoveRouteButKeepConnection() throws Exception {
        try (WireClient c = WireClient.tcp(server.tcpAddress())) {
            c.login(server.tokens()::issue, "alice", DeviceType.WEB);
            c.send(CmdId.LOGOUT_REQ, LogoutRequest.newBuilder().setUid("alice").build());
            c.await(CmdId.LOGOUT_RESP);
            assertTrue(server.backends().presence().routes("alice").isEmpty());
            c.send(CmdId.C2C_SEND_REQ, C2CSendRequest.newBuilder().setFrom("alice").setTo("bob").build());
            assertEquals(ErrorCode.ERR_NOT_AUTHENTICATED, c.await(CmdId.ERROR_RESP).bodyAs(ErrorResponse.class).getCode());
            c.login(server.tokens()::issue, "alice", DeviceType.WEB);
        }
    }

    @Test
    void shouldRevokeTheTokenAtLogoutSoItCannotLogInAgain() throws Exception {
        String token = server.tokens().issue("alice", DeviceType.IOS);
        try (WireClient first = WireClient.tcp(server.tcpAddress())) {
            assertEquals(AuthResponse.Status.OK, first.auth(token, "alice").getStatus());
            first.send(CmdId.LOGOUT_REQ, LogoutRequest.newBuilder().build());
            first.await(CmdId.LOGOUT_RESP);
            AuthResponse again = first.auth(token, "alice");
            assertEquals(ErrorCode.ERR_BAD_TOKEN, again.getErrCode(), again.getErrMsg());
        }
        try (WireClient other = WireClient.tcp(server.tcpAddress())) {
            AuthResponse r = other.auth(token, "alice");
            assertEquals(AuthResponse.Status.ERR, r.getStatus(), "not on a new connection either");
            assertEquals(ErrorCode.ERR_BAD_TOKEN, r.getErrCode());
            other.login(server.tokens()::issue, "alice", DeviceType.IOS); // a new token works
        }
        // A connection that merely closes keeps its token usable (a reconnect is not a logout).
        String kept = server.tokens().issue("bob", DeviceType.IOS);
        try (WireClient c = WireClient.tcp(server.tcpAddress())) {
            assertEquals(AuthResponse.Status.OK, c.auth(kept, "bob").getStatus());
        }
        try (WireClient c = WireClient.tcp(server.tcpAddress())) {
            assertEquals(AuthResponse.Status.OK, c.auth(kept, "bob").getStatus());
        }
    }

    @Test
    void shouldRemoveRouteWhenConnectionCloses() throws Exception {
        WireClient c = WireClient.tcp(server.tcpAddress());
        c.login(server.tokens()::issue, "alice", DeviceType.IOS);
        c.close();
        await().until(() -> server.backends().presence().routes("alice").isEmpty());
    }
}
