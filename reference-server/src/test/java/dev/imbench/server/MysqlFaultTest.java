package dev.imbench.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.testsupport.WireClient;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.C2CSendResponse;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.ErrorCode;
import dev.imbench.protocol.pb.ErrorResponse;
import dev.imbench.server.backends.LiveServices;
import dev.imbench.server.cluster.ServerNode;
import dev.imbench.server.backends.TcpRelay;
import dev.imbench.server.store.InboxRow;
import dev.imbench.server.store.mysql.MysqlShards;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * MySQL made unreachable (a TCP relay in front of it is cut) during sends: the sender gets
 * ERR_STORE_FAILED and no ack, nothing is stored; after recovery the resend is stored exactly once.
 */
class MysqlFaultTest {

    private static final String SCHEMA = "imbench_fault_shard_";

    private TcpRelay relay;
    private ServerNode node;
    private ImServer server;

    @BeforeEach
    void start() throws Exception {
        LiveServices.requireMysql();
        relay = new TcpRelay(LiveServices.MYSQL_HOST, LiveServices.MYSQL_PORT);
        relay.start();
        node = startBehind(relay, SCHEMA, Map.of("mysqlPoolSize", 2));
        server = node.server();
    }

    /** A server on two empty MySQL shards {@code schema0/1} reached through {@code relay}, plus {@code extra} settings. */
    static ServerNode startBehind(TcpRelay relay, String schema, Map<String, Object> extra) {
        Map<String, Object> settings = new HashMap<>(extra);
        settings.put("storage", "mysql");
        settings.put("shards", 2);
        settings.put("mysqlUrls", String.join(",", MysqlShards.urls("jdbc:mysql://127.0.0.1:" + relay.port() + "/" + schema, 2)));
        ServerNode n = ServerNode.start(settings);
        n.backends().resources().stream().filter(MysqlShards.class::isInstance).map(MysqlShards.class::cast)
                .forEach(MysqlShards::truncateAll);
        return n;
    }

    @AfterEach
    void stop() {
        if (node != null) {
            node.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    private static C2CSendRequest msg(String text, long clientMsgId) {
        return C2CSendRequest.newBuilder().setFrom("alice").setTo("bob").setContent(text)
                .setClientMsgId(clientMsgId).build();
    }

    @Test
    void shouldRefuseWithoutAckWhileMysqlIsDownAndStoreTheResendOnceAfterRecovery() throws Exception {
        try (WireClient alice = WireClient.tcp(server.tcpAddress())) {
            alice.login(server.tokens()::issue, "alice", DeviceType.IOS);
            alice.send(CmdId.C2C_SEND_REQ, msg("before", 1));
            alice.await(CmdId.C2C_SEND_RESP);

            relay.stop();
            for (long id = 2; id <= 3; id++) {
                int seq = alice.send(CmdId.C2C_SEND_REQ, msg("during " + id, id));
                Frame err = alice.await(CmdId.ERROR_RESP);
                assertEquals(seq, err.seq());
                assertEquals(ErrorCode.ERR_STORE_FAILED, err.bodyAs(ErrorResponse.class).getCode());
            }
            assertNull(alice.poll(200), "no ack for a send that was not stored");

            relay.start();
            for (long id = 2; id <= 3; id++) {
                long cmid = id;
                AtomicReference<C2CSendResponse> ack = new AtomicReference<>();
                await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
                    alice.send(CmdId.C2C_SEND_REQ, msg("during " + cmid, cmid)); // the client's resend
                    Frame f = alice.poll(5_000);
                    if (f != null && f.cmd() == CmdId.C2C_SEND_RESP) {
                        ack.set(f.bodyAs(C2CSendResponse.class));
                        return true;
                    }
                    return false;
                });
                assertEquals(cmid, ack.get().getClientMsgId());
            }
        }
        List<InboxRow> inbox = server.backends().messages().page("bob", 0, 100);
        assertEquals(List.of("before", "during 2", "during 3"), inbox.stream().map(r -> r.envelope().content()).toList(),
                "each acked message once, in order, none lost");
        assertEquals(3, sendRows(SCHEMA, "msg_from = 'alice'"), "one send row per message");
    }

    /** Send-log rows matching {@code where} over the two test shards of {@code schema}. */
    static long sendRows(String schema, String where) throws Exception {
        long n = 0;
        for (int shard = 0; shard < 2; shard++) {
            try (Connection c = DriverManager.getConnection(
                    LiveServices.mysqlTestPrefix(schema + shard) + "?useSSL=false&allowPublicKeyRetrieval=true",
                    "root", "");
                 Statement st = c.createStatement();
                 ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM im_message_send WHERE " + where)) {
                rs.next();
                n += rs.getLong(1);
            }
        }
        return n;
    }

    /**
     * While MySQL is unreachable a send fails at once rather than after the pool's 2 s connect timeout: sends of one
     * connection run one after another in its logic lane, and twenty of them taking 2 s each would outlast every
     * client's ack timeout (the reconnect storm of a long cut).
     */
    @Test
    void shouldFailSendsFastWhileMysqlIsDownAndRecoverWhenItIsBack() throws Exception {
        try (WireClient alice = WireClient.tcp(server.tcpAddress())) {
            alice.login(server.tokens()::issue, "alice", DeviceType.IOS);
            alice.send(CmdId.C2C_SEND_REQ, msg("before", 1));
            alice.await(CmdId.C2C_SEND_RESP);

            relay.stop();
            long t0 = System.nanoTime();
            for (long id = 2; id <= 21; id++) {
                alice.send(CmdId.C2C_SEND_REQ, msg("during " + id, id));
            }
            for (int i = 0; i < 20; i++) {
                Frame err = alice.await(CmdId.ERROR_RESP);
                assertEquals(ErrorCode.ERR_STORE_FAILED, err.bodyAs(ErrorResponse.class).getCode());
            }
            long tookMs = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(tookMs < 10_000, "20 sends refused in " + tookMs + " ms: each waited for a connection");

            relay.start();
            await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(100)).until(() -> {
                alice.send(CmdId.C2C_SEND_REQ, msg("after", 22)); // the client's resend
                Frame f = alice.poll(5_000);
                return f != null && f.cmd() == CmdId.C2C_SEND_RESP;
            });
        }
        assertEquals(List.of("before", "after"), server.backends().messages().page("bob", 0, 100).stream()
                .map(r -> r.envelope().content()).toList());
    }
}
