package dev.imbench.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.testsupport.WireClient;
import dev.imbench.protocol.pb.C2CPushRequest;
import dev.imbench.protocol.pb.C2CPushResponse;
import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.PullMsg;
import dev.imbench.protocol.pb.PullRequest;
import dev.imbench.protocol.pb.PullResponse;
import dev.imbench.server.backends.BackendConfig;
import dev.imbench.server.backends.LiveServices;
import dev.imbench.server.backends.OpenBackends;
import dev.imbench.server.backends.RedisTestKeys;
import dev.imbench.server.route.Route;
import dev.imbench.server.store.mysql.MysqlShards;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** c2c and pull end to end over TCP with the server on sharded MySQL and Redis routing, chosen by config keys. */
class MysqlRedisServerTest {

    private RedisTestKeys redis;
    private OpenBackends backends;
    private ImServer server;

    @BeforeEach
    void start() {
        LiveServices.requireMysql();
        redis = new RedisTestKeys();
        String urls = String.join(",", MysqlShards.urls(LiveServices.mysqlTestPrefix("imbench_e2e_shard_"), 2));
        Map<String, Object> section = Map.of("storage", "mysql", "routing", "redis", "shards", 2, "mysqlUrls", urls,
                "redisUrl", "redis://" + LiveServices.REDIS_HOST + ":" + LiveServices.REDIS_PORT,
                "redisNamespace", redis.namespace(), "offlinePushDelay", "300ms", "gateId", "gate-7");
        backends = OpenBackends.open(BackendConfig.fromMap(section), "gate-7", Clock.systemUTC());
        backends.resources().stream().filter(MysqlShards.class::isInstance).map(MysqlShards.class::cast)
                .forEach(MysqlShards::truncateAll);
        server = ImServer.start(ServerConfig.fromMap(BackendConfig.serverKeys(section)), backends.backends(),
                Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
        if (backends != null) {
            backends.close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static C2CSendRequest msg(String from, String to, String text, long clientMsgId) {
        return C2CSendRequest.newBuilder().setFrom(from).setTo(to).setContent(text).setClientMsgId(clientMsgId).build();
    }

    @Test
    void shouldAckPushAndMarkDeliveredWithRouteInRedisAndRowsInMysql() throws Exception {
        try (WireClient alice = WireClient.tcp(server.tcpAddress()); WireClient bob = WireClient.tcp(server.tcpAddress())) {
            alice.login(server.tokens()::issue, "alice", DeviceType.IOS);
            bob.login(server.tokens()::issue, "bob", DeviceType.ANDROID);
            List<Route> routes = server.backends().presence().routes("bob");
            assertEquals("gate-7", routes.get(0).gateId());

            alice.send(CmdId.C2C_SEND_REQ, msg("alice", "bob", "hi 😀", 7));
            alice.await(CmdId.C2C_SEND_RESP);
            C2CPushRequest push = bob.await(CmdId.C2C_PUSH_REQ).bodyAs(C2CPushRequest.class);
            assertEquals("hi 😀", push.getContent());
            bob.send(CmdId.C2C_PUSH_RESP, C2CPushResponse.newBuilder().setMsgid(push.getMsgid()).build());
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> server.backends().messages().isDelivered("bob", push.getMsgid()));
        }
        String metrics = server.metrics().scrape();
        assertTrue(metrics.matches("(?s).*imbench_mysql_commit_batches [1-9].*"), "group-commit batches on /admin/metrics");
    }

    @Test
    void shouldDeliverEveryOfflineMessageOnceInOrderByPull() throws Exception {
        try (WireClient alice = WireClient.tcp(server.tcpAddress())) {
            alice.login(server.tokens()::issue, "alice", DeviceType.IOS);
            for (int i = 1; i <= 5; i++) {
                alice.send(CmdId.C2C_SEND_REQ, msg("alice", "bob", "m" + i + " 👍🏽", i));
                alice.await(CmdId.C2C_SEND_RESP);
            }
            alice.send(CmdId.C2C_SEND_REQ, msg("alice", "bob", "m3 👍🏽", 3)); // a resend
            alice.await(CmdId.C2C_SEND_RESP);
        }
        try (WireClient bob = WireClient.tcp(server.tcpAddress())) {
            bob.login(server.tokens()::issue, "bob", DeviceType.PC);
            List<String> got = new java.util.ArrayList<>();
            long offset = 0;
            while (true) {
                bob.send(CmdId.PULL_REQ, PullRequest.newBuilder().setUid("bob").setOffset(offset).setLimit(2).build());
                List<PullMsg> page = bob.await(CmdId.PULL_RESP).bodyAs(PullResponse.class).getMsgsList();
                if (page.isEmpty()) {
                    break;
                }
                for (PullMsg m : page) {
                    assertTrue(m.getMsgid() > offset);
                    offset = m.getMsgid();
                    got.add(m.getContent());
                }
            }
            assertEquals(List.of("m1 👍🏽", "m2 👍🏽", "m3 👍🏽", "m4 👍🏽", "m5 👍🏽"), got);
            long last = offset;
            assertTrue(server.backends().messages().isDelivered("bob", last), "the final pull acked every row");
        }
    }
}
