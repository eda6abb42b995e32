package dev.imbench.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.imbench.testsupport.WireClient;
import dev.imbench.protocol.pb.C2CPushRequest;
import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.server.backends.ServiceContainers;
import dev.imbench.server.cluster.ServerNode;
import dev.imbench.server.store.mysql.MysqlShards;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Where Docker is available, Testcontainers starts MariaDB and Redis and the server runs on them. Here
 * (no Docker engine) it is skipped with that reason, also under CI: the local services cover CI.
 */
class ServiceContainersTest {

    @Test
    void shouldChatOnMariadbAndRedisStartedByTestcontainers() throws Exception {
        assumeTrue(ServiceContainers.dockerAvailable(),
                "no Docker engine here: the Testcontainers path (MariaDB and Redis containers) is not exercised");
        ServiceContainers.Endpoint db = ServiceContainers.mariadb();
        ServiceContainers.Endpoint redis = ServiceContainers.redis();
        Map<String, Object> settings = Map.of("storage", "mysql", "routing", "redis", "shards", 2,
                "mysqlUrls", String.join(",", MysqlShards.urls("jdbc:mysql://" + db.host() + ":" + db.port() + "/imbench_tc_shard_", 2)),
                "redisUrl", "redis://" + redis.host() + ":" + redis.port());
        try (ServerNode node = ServerNode.start(settings);
             WireClient alice = WireClient.tcp(node.server().tcpAddress()); WireClient bob = WireClient.tcp(node.server().tcpAddress())) {
            alice.login(node.server().tokens()::issue, "alice", DeviceType.IOS);
            bob.login(node.server().tokens()::issue, "bob", DeviceType.IOS);
            alice.send(CmdId.C2C_SEND_REQ, C2CSendRequest.newBuilder().setFrom("alice").setTo("bob")
                    .setContent("from a container").setClientMsgId(1).build());
            alice.await(CmdId.C2C_SEND_RESP);
            assertEquals("from a container", bob.await(CmdId.C2C_PUSH_REQ).bodyAs(C2CPushRequest.class).getContent());
        }
    }
}
