package dev.imbench.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.testsupport.WireClient;
import com.google.protobuf.ByteString;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.AuthResponse;
import dev.imbench.protocol.pb.C2CPushRequest;
import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.C2CSendResponse;
import dev.imbench.protocol.pb.C2SSendRequest;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.ErrorCode;
import dev.imbench.protocol.pb.ErrorResponse;
import dev.imbench.server.backends.BackendConfig;
import dev.imbench.server.backends.OpenBackends;
import dev.imbench.server.backends.PrivateRedis;
import dev.imbench.server.queue.BusinessMessage;
import dev.imbench.server.store.InboxRow;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Redis restarted empty under a running server ({@code routing: redis}): while it is down a c2c send gets an
 * error (never an ack for a message that was not handled) and a login is refused; once it is back the gate re-creates the
 * routes of the live sessions at once (not on its next heartbeat: the TTL here puts that minutes away), c2c works again,
 * the resend is stored exactly once and its row, never pushed, reaches the recipient.
 */
@ExtendWith(BackendSet.CloseAfterEach.class)
class RedisRestartTest {

    /** Long enough that the gate heartbeat (every ttl / 3) cannot be what re-creates the routes. */
    private static final Duration PRESENCE_TTL = Duration.ofMinutes(6);
    /** Far below ttl / 3; generous for a loaded machine (the watch runs every 250 ms). */
    private static final Duration REBUILD_WAIT = Duration.ofSeconds(30);

    private PrivateRedis redis;
    private ImServer server;

    @BeforeEach
    void start() throws Exception {
        redis = BackendSet.closeAfterTest(PrivateRedis.start());
        Map<String, Object> section = Map.of("routing", "redis", "redisUrl", redis.url(),
                "redisNamespace", "imbench-restart:", "presenceTtl", PRESENCE_TTL);
        OpenBackends backends = BackendSet.closeAfterTest(
                OpenBackends.open(BackendConfig.fromMap(section), "gate-r", Clock.systemUTC()));
        server = BackendSet.closeAfterTest(ImServer.start(ServerConfig.builder().gateId("gate-r").logicThreads(4)
                .offlinePushDelay(Duration.ofMinutes(5)).build(), backends.backends(), Clock.systemUTC()));
    }

    private static C2CSendRequest msg(String text, long clientMsgId) {
        return C2CSendRequest.newBuilder().setFrom("alice").setTo("bob").setContent(text).setClientMsgId(clientMsgId)
                .build();
    }

    private static C2SSendRequest report(String text) {
        return C2SSendRequest.newBuilder().setFrom("alice").setBusiness("survey")
                .setPayload(ByteString.copyFromUtf8(text)).build();
    }

    @Test
    void shouldRefuseSendsWhileRedisIsDownAndRebuildRoutesFromLiveSessionsAfterRestart() throws Exception {
        try (WireClient alice = WireClient.tcp(server.tcpAddress()); WireClient bob = WireClient.tcp(server.tcpAddress())) {
            alice.login(server.tokens()::issue, "alice", DeviceType.IOS);
            bob.login(server.tokens()::issue, "bob", DeviceType.ANDROID);
            alice.send(CmdId.C2C_SEND_REQ, msg("before", 1));
            alice.await(CmdId.C2C_SEND_RESP);
            assertEquals("before", bob.await(CmdId.C2C_PUSH_REQ).bodyAs(C2CPushRequest.class).getContent());

            alice.send(CmdId.C2S_SEND_REQ, report("before"));
            alice.await(CmdId.C2S_SEND_RESP);
            assertEquals(1, server.backends().queue().poll("survey", 10).size());

            redis.kill();
            int c2s = alice.send(CmdId.C2S_SEND_REQ, report("during"));
            Frame notQueued = alice.await(CmdId.ERROR_RESP);
            assertEquals(c2s, notQueued.seq(), "a c2s report is not acked when it cannot be queued");
            int seq = alice.send(CmdId.C2C_SEND_REQ, msg("during", 2));
            Frame err = alice.await(CmdId.ERROR_RESP);
            assertEquals(seq, err.seq());
            ErrorResponse body = err.bodyAs(ErrorResponse.class);
            assertEquals(ErrorCode.ERR_INTERNAL, body.getCode());
            assertTrue(body.getMessage().contains("routing is unavailable"), body.getMessage());

            try (WireClient carol = WireClient.tcp(server.tcpAddress())) {
                AuthResponse refused = carol.auth(server.tokens().issue("carol", DeviceType.WEB), "carol");
                assertEquals(AuthResponse.Status.ERR, refused.getStatus());
                assertEquals(ErrorCode.ERR_INTERNAL, refused.getErrCode());
                assertTrue(refused.getErrMsg().startsWith("routing unavailable"), refused.getErrMsg());
                carol.send(CmdId.C2C_SEND_REQ, C2CSendRequest.newBuilder().setFrom("carol").setTo("bob").build());
                assertEquals(ErrorCode.ERR_NOT_AUTHENTICATED,
                        carol.await(CmdId.ERROR_RESP).bodyAs(ErrorResponse.class).getCode(), "no half login");
            }

            redis.restart();
            // The gate notices the restart and re-creates both routes and the online set from the live sessions.
            await().atMost(REBUILD_WAIT).ignoreExceptions().until(() -> server.backends().presence().onlineDevices() == 2
                    && server.backends().presence().routes("bob").size() == 1
                    && server.backends().presence().routes("alice").size() == 1);
            assertEquals("gate-r", server.backends().presence().routes("bob").get(0).gateId());
            assertEquals(DeviceType.ANDROID, server.backends().presence().routes("bob").get(0).deviceType());

            alice.send(CmdId.C2C_SEND_REQ, msg("during", 2)); // the resend
            long resent = alice.await(CmdId.C2C_SEND_RESP).bodyAs(C2CSendResponse.class).getMsgid();
            assertEquals("during", bob.await(CmdId.C2C_PUSH_REQ).bodyAs(C2CPushRequest.class).getContent(),
                    "the resend pushes the row that was stored while routing was down");
            alice.send(CmdId.C2C_SEND_REQ, msg("after", 3));
            alice.await(CmdId.C2C_SEND_RESP);
            assertEquals("after", bob.await(CmdId.C2C_PUSH_REQ).bodyAs(C2CPushRequest.class).getContent());

            alice.send(CmdId.C2S_SEND_REQ, report("after"));
            alice.await(CmdId.C2S_SEND_RESP);
            // The stream's consumer group was lost with the data: the queue re-creates it.
            assertEquals(List.of("alice"), server.backends().queue().poll("survey", 10).stream()
                    .map(BusinessMessage::from).toList());

            List<InboxRow> rows = server.backends().messages().page("bob", 0, 10);
            assertEquals(List.of("before", "during", "after"), rows.stream().map(r -> r.envelope().content()).toList(),
                    "the resend is stored exactly once");
            assertTrue(body.getMessage().contains("stored as msgid " + resent + " "), "the resend answers the first msgid");
            assertNull(alice.poll(100), "no ack or error left over");
        }
    }
}
