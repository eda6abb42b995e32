package dev.imbench.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.testsupport.WireClient;
import dev.imbench.protocol.pb.C2CPushRequest;
import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.C2CSendResponse;
import dev.imbench.protocol.pb.C2GPushRequest;
import dev.imbench.protocol.pb.C2GSendRequest;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.CtrlSendRequest;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.Keepalive;
import dev.imbench.protocol.pb.KickoutRequest;
import dev.imbench.protocol.pb.PullRequest;
import dev.imbench.protocol.pb.PullResponse;
import dev.imbench.server.backends.LiveServices;
import dev.imbench.server.backends.RedisTestKeys;
import dev.imbench.server.cluster.ServerNode;
import dev.imbench.server.route.GateInfo;
import dev.imbench.server.route.redis.RedisPresence;
import dev.imbench.server.store.mysql.MysqlShards;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The split topology in one JVM: two logic nodes and two gates, each a separate {@link ServerNode}
 * with its own pools and Redis client (as separate processes would have), sharing MySQL and Redis.
 * Users on different gates chat, group fan-out crosses gates, a kickout reaches the other gate.
 */
class SplitTopologyTest {

    private final List<ServerNode> nodes = new ArrayList<>();
    private RedisTestKeys redis;
    private ImServer gateA;
    private ImServer gateB;

    private Map<String, Object> common() {
        Map<String, Object> m = new HashMap<>();
        m.put("storage", "mysql");
        m.put("routing", "redis");
        m.put("shards", 2);
        m.put("mysqlUrls", String.join(",", MysqlShards.urls(LiveServices.mysqlTestPrefix("imbench_split_shard_"), 2)));
        m.put("redisUrl", "redis://" + LiveServices.REDIS_HOST + ":" + LiveServices.REDIS_PORT);
        m.put("redisNamespace", redis.namespace());
        m.put("presenceTtl", "2s");
        m.put("offlinePushDelay", "300ms");
        m.put("kickoutGrace", "50ms");
        return m;
    }

    private ImServer node(Map<String, Object> extra) {
        Map<String, Object> m = common();
        m.putAll(extra);
        ServerNode n = ServerNode.start(m);
        nodes.add(n);
        return n.server();
    }

    @BeforeEach
    void start() {
        LiveServices.requireMysql();
        LiveServices.requireRedis();
        redis = new RedisTestKeys();
        ImServer logic1 = node(Map.of("role", "logic", "gateId", "logic-1", "linkPort", 0, "logicThreads", 2));
        nodes.get(0).backends().resources().stream().filter(MysqlShards.class::isInstance)
                .map(MysqlShards.class::cast).forEach(MysqlShards::truncateAll);
        ImServer logic2 = node(Map.of("role", "logic", "gateId", "logic-2", "linkPort", 0, "logicThreads", 2));
        String links = "127.0.0.1:" + logic1.linkAddress().getPort() + ",127.0.0.1:" + logic2.linkAddress().getPort();
        gateA = node(Map.of("role", "gate", "gateId", "gate-a", "logicNodes", links, "tcpPort", 0, "httpPort", 0));
        gateB = node(Map.of("role", "gate", "gateId", "gate-b", "logicNodes", links, "tcpPort", 0, "httpPort", 0));
        await().atMost(Duration.ofSeconds(5)).until(() -> gateA.linkedToLogic() && gateB.linkedToLogic()
                && logic1.linkedGates().size() == 2 && logic2.linkedGates().size() == 2);
    }

    @AfterEach
    void stop() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close();
        }
        if (redis != null) {
            redis.close();
        }
    }

    private static C2CSendRequest c2c(String from, String to, String text, long clientMsgId) {
        return C2CSendRequest.newBuilder().setFrom(from).setTo(to).setContent(text).setClientMsgId(clientMsgId).build();
    }

    @Test
    void shouldChatAcrossGatesInBothDirections() throws Exception {
        try (WireClient alice = WireClient.tcp(gateA.tcpAddress()); WireClient bob = WireClient.tcp(gateB.tcpAddress())) {
            alice.login(gateA.tokens()::issue, "alice", DeviceType.IOS);
            bob.login(gateB.tokens()::issue, "bob", DeviceType.ANDROID);
            assertEquals("gate-b", gateA.backends().presence().routes("bob").get(0).gateId());

            alice.send(CmdId.C2C_SEND_REQ, c2c("alice", "bob", "hi from gate a 😀", 1));
            assertTrue(alice.await(CmdId.C2C_SEND_RESP).bodyAs(C2CSendResponse.class).getMsgid() > 0);
            assertEquals("hi from gate a 😀", bob.await(CmdId.C2C_PUSH_REQ).bodyAs(C2CPushRequest.class).getContent());

            bob.send(CmdId.C2C_SEND_REQ, c2c("bob", "alice", "hi from gate b", 1));
            bob.await(CmdId.C2C_SEND_RESP);
            assertEquals("hi from gate b", alice.await(CmdId.C2C_PUSH_REQ).bodyAs(C2CPushRequest.class).getContent());
            assertEquals(1, GroupFlowSuite.pullAll(bob).size(), "bob's inbox row is stored once");
        }
    }

    @Test
    void shouldFanOutAGroupMessageToMembersOnBothGates() throws Exception {
        try (WireClient alice = WireClient.tcp(gateA.tcpAddress()); WireClient bob = WireClient.tcp(gateB.tcpAddress());
             WireClient carol = WireClient.tcp(gateA.tcpAddress()); WireClient dave = WireClient.tcp(gateB.tcpAddress())) {
            alice.login(gateA.tokens()::issue, "alice", DeviceType.IOS);
            bob.login(gateB.tokens()::issue, "bob", DeviceType.IOS);
            carol.login(gateA.tokens()::issue, "carol", DeviceType.IOS);
            dave.login(gateB.tokens()::issue, "dave", DeviceType.IOS);
            long group = GroupFlowSuite.createGroup(alice, "alice", "across", 1);
            GroupFlowSuite.ctrl(alice, "alice", CtrlSendRequest.Type.GROUP_ADDMEMBERS, group, "bob,carol,dave");
            alice.send(CmdId.C2G_SEND_REQ, C2GSendRequest.newBuilder().setFrom("alice").setGroup(group)
                    .setContent("to everyone").setClientMsgId(2).build());
            alice.await(CmdId.C2G_SEND_RESP);
            for (WireClient member : List.of(bob, carol, dave)) {
                C2GPushRequest push = member.await(CmdId.C2G_PUSH_REQ).bodyAs(C2GPushRequest.class);
                assertEquals("to everyone", push.getContent());
                assertEquals(group, push.getGroup());
            }
        }
    }

    @Test
    void shouldKickTheOlderDeviceOnTheOtherGate() throws Exception {
        try (WireClient onB = WireClient.tcp(gateB.tcpAddress()); WireClient onA = WireClient.tcp(gateA.tcpAddress())) {
            onB.login(gateB.tokens()::issue, "erin", DeviceType.IOS);
            onA.login(gateA.tokens()::issue, "erin", DeviceType.IOS);
            KickoutRequest kick = onB.await(CmdId.KICKOUT_REQ).bodyAs(KickoutRequest.class);
            assertEquals(KickoutRequest.Reason.OTHER_LOGIN, kick.getReason());
            onB.awaitClosed();
            assertEquals("gate-a", gateB.backends().presence().routes("erin").get(0).gateId());
        }
    }

    @Test
    void shouldRecordTheLastPacketTimeSeenByTheGateHoldingTheConnection() throws Exception {
        try (WireClient bob = WireClient.tcp(gateB.tcpAddress())) {
            bob.login(gateB.tokens()::issue, "bob", DeviceType.IOS);
            RedisPresence routes = (RedisPresence) gateA.backends().presence();
            long authAt = routes.lastPacketAt("bob", DeviceType.IOS);
            await().atMost(Duration.ofSeconds(1)).until(() -> System.currentTimeMillis() > authAt + 5);
            long keepaliveAt = System.currentTimeMillis();
            bob.send(CmdId.KEEPALIVE_REQ, Keepalive.getDefaultInstance());
            bob.await(CmdId.KEEPALIVE_RESP);
            // gate b's heartbeat (every presenceTtl / 3) writes the time of bob's last frame
            await().atMost(Duration.ofSeconds(3)).until(() -> routes.lastPacketAt("bob", DeviceType.IOS) >= keepaliveAt);
        }
    }

    @Test
    void shouldListOnlyLiveGatesInIplist() throws Exception {
        List<String> ids = gateA.backends().presence().liveGates().stream().map(GateInfo::id).toList();
        assertEquals(List.of("gate-a", "gate-b"), ids);
        try (WireClient bob = WireClient.tcp(gateB.tcpAddress())) {
            bob.login(gateB.tokens()::issue, "bob", DeviceType.IOS);
            nodes.get(3).close(); // gate b stops: its sessions close, routes go, it leaves iplist
            await().atMost(Duration.ofSeconds(5)).until(() -> gateA.backends().presence().routes("bob").isEmpty());
            assertEquals(List.of("gate-a"),
                    gateA.backends().presence().liveGates().stream().map(GateInfo::id).toList());
        }
    }

    @Test
    void shouldLeaveAHaltedGatesRoutesAndIplistEntryToExpire() throws Exception {
        try (WireClient bob = WireClient.tcp(gateB.tcpAddress()); WireClient alice = WireClient.tcp(gateA.tcpAddress())) {
            bob.login(gateB.tokens()::issue, "bob", DeviceType.IOS);
            alice.login(gateA.tokens()::issue, "alice", DeviceType.ANDROID);
            nodes.get(3).halt(); // gate b dies: no goodbye to the logic nodes, no withdrawal from iplist
            bob.awaitClosed();
            assertEquals(1, gateA.backends().presence().routes("bob").size(), "the dead gate's route is not unbound");
            assertEquals(List.of("gate-a", "gate-b"),
                    gateA.backends().presence().liveGates().stream().map(GateInfo::id).toList(), "not withdrawn");
            alice.send(CmdId.C2C_SEND_REQ, c2c("alice", "bob", "while b is dead", 1));
            assertTrue(alice.await(CmdId.C2C_SEND_RESP).bodyAs(C2CSendResponse.class).getMsgid() > 0,
                    "a message to a user of the dead gate is stored and acked");
            // presenceTtl is 2 s: without heartbeat both expire
            await().atMost(Duration.ofSeconds(6)).until(() -> gateA.backends().presence().routes("bob").isEmpty()
                    && gateA.backends().presence().liveGates().stream().map(GateInfo::id).toList().equals(List.of("gate-a")));
            try (WireClient back = WireClient.tcp(gateA.tcpAddress())) {
                back.login(gateA.tokens()::issue, "bob", DeviceType.IOS);
                back.send(CmdId.PULL_REQ, PullRequest.newBuilder().setUid("bob").setOffset(0).setLimit(10).build());
                assertEquals("while b is dead", back.await(CmdId.PULL_RESP).bodyAs(PullResponse.class).getMsgs(0)
                        .getContent());
            }
        }
    }

    @Test
    void shouldRefuseASplitRoleWithoutSharedBackEndsAndReadFanoutOnALogicNode() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ServerNode.start(Map.of("role", "gate", "gateId", "g", "logicNodes", "127.0.0.1:1")));
        assertTrue(e.getMessage().contains("routing: redis and storage: mysql"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ServerNode.start(Map.of("role", "gate")));
        assertTrue(e.getMessage().contains("logicNodes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> ServerNode.start(Map.of("role", "boss")));
        assertTrue(e.getMessage().contains("expected all, gate or logic"), e.getMessage());
        Map<String, Object> readOnALogicNode = common();
        readOnALogicNode.put("fanoutMode", "read");
        readOnALogicNode.put("role", "logic");
        readOnALogicNode.put("gateId", "logic-1");
        readOnALogicNode.put("linkPort", 0);
        e = assertThrows(IllegalArgumentException.class, () -> ServerNode.start(readOnALogicNode));
        assertTrue(e.getMessage().contains("fanoutMode READ on storage: mysql needs one process holding the msgid"
                + " sequence (role all)"), e.getMessage());
    }
}
