package dev.imbench.cli;

import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.testsupport.HttpSso;
import dev.imbench.testsupport.WireClient;
import dev.imbench.junit.RequiredServices;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.C2CPushRequest;
import dev.imbench.protocol.pb.C2CPushResponse;
import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.C2CSendResponse;
import dev.imbench.protocol.pb.C2GPushRequest;
import dev.imbench.protocol.pb.C2GSendRequest;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.CtrlSendRequest;
import dev.imbench.protocol.pb.CtrlSendResponse;
import dev.imbench.protocol.pb.PullMsg;
import dev.imbench.protocol.pb.PullRequest;
import dev.imbench.protocol.pb.PullResponse;
import dev.imbench.server.store.mysql.MysqlShards;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.RedisClient;

/**
 * The split topology as separate JVMs, each started with {@code imbench server --role …}: two logic
 * nodes and two gates on the real MariaDB and Redis. Users on different gates chat and share a group;
 * then one gate is killed (SIGKILL) while messages flow to a user on it: she reconnects through
 * iplist to the surviving gate, pulls, and every message whose sender got an ack reaches her once.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class MultiProcessTopologyTest {

    private static final int MESSAGES = 120;
    private static final int KILL_AFTER = 40;

    private final String namespace = "imbench-mp-test:" + UUID.randomUUID() + ":";
    private final List<NodeProcess> nodes = new ArrayList<>();

    private Map<String, Object> common() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("storage", "mysql");
        m.put("routing", "redis");
        m.put("shards", 2);
        m.put("mysqlUrls", String.join(",", urls()));
        m.put("redisNamespace", namespace);
        m.put("presenceTtl", "2s");
        m.put("offlinePushDelay", "300ms");
        return m;
    }

    private static List<String> urls() {
        return MysqlShards.urls("jdbc:mysql://127.0.0.1:3306/imbench_mp_shard_", 2);
    }

    private NodeProcess node(String name, String role, Map<String, Object> extra) throws Exception {
        Map<String, Object> m = common();
        m.put("gateId", name);
        m.putAll(extra);
        NodeProcess p = NodeProcess.start(name, role, m);
        nodes.add(p);
        return p;
    }

    @BeforeEach
    void services() {
        RequiredServices.mysqlAndRedis("the multi-process topology test");
        try (MysqlShards shards = MysqlShards.open(urls(), "root", "", 2)) {
            shards.truncateAll();
        }
    }

    @AfterEach
    void stop() {
        for (NodeProcess n : nodes) {
            n.close();
        }
        try (RedisClient redis = RedisClient.create("redis://127.0.0.1:6379")) {
            Set<String> keys = redis.keys(namespace + "*");
            if (!keys.isEmpty()) {
                redis.del(keys.toArray(String[]::new));
            }
        }
    }

    @Test
    void shouldChatAcrossGatesAndLoseNoAckedMessageWhenAGateDies() throws Exception {
        NodeProcess logic1 = node("logic-1", "logic", Map.of("linkPort", 0, "logicThreads", 2));
        NodeProcess logic2 = node("logic-2", "logic", Map.of("linkPort", 0, "logicThreads", 2));
        String links = logic1.link() + "," + logic2.link();
        NodeProcess gateA = node("gate-a", "gate", Map.of("logicNodes", links, "tcpPort", 0, "httpPort", 0, "wsPort", -1));
        NodeProcess gateB = node("gate-b", "gate", Map.of("logicNodes", links, "tcpPort", 0, "httpPort", 0, "wsPort", -1));
        assertEquals(List.of(gateA.tcp(), gateB.tcp()), new HttpSso(gateA.http()).tcpGates(), "iplist names both gates");

        try (WireClient alice = loginWhenLinked(gateA, "alice"); WireClient bob = loginWhenLinked(gateB, "bob");
             WireClient dave = loginWhenLinked(gateA, "dave")) {
            // c2c across gates, both ways
            sendC2c(alice, "alice", "bob", "hello bob", 1);
            assertEquals("hello bob", bob.await(CmdId.C2C_PUSH_REQ, 10).bodyAs(C2CPushRequest.class).getContent());
            sendC2c(bob, "bob", "alice", "hello alice", 1);
            assertEquals("hello alice", alice.await(CmdId.C2C_PUSH_REQ, 10).bodyAs(C2CPushRequest.class).getContent());

            // c2g across gates
            alice.send(CmdId.CTRL_SEND_REQ, CtrlSendRequest.newBuilder().setFrom("alice")
                    .setType(CtrlSendRequest.Type.CREATE_GROUP).setContent("across").setClientMsgId(2).build());
            long group = Long.parseLong(alice.await(CmdId.CTRL_SEND_RESP, 10).bodyAs(CtrlSendResponse.class).getContent());
            alice.send(CmdId.CTRL_SEND_REQ, CtrlSendRequest.newBuilder().setFrom("alice")
                    .setType(CtrlSendRequest.Type.GROUP_ADDMEMBERS).setTo(Long.toString(group)).setContent("bob,dave").build());
            alice.await(CmdId.CTRL_SEND_RESP, 10);
            alice.send(CmdId.C2G_SEND_REQ, C2GSendRequest.newBuilder().setFrom("alice").setGroup(group)
                    .setContent("hi all").setClientMsgId(3).build());
            alice.await(CmdId.C2G_SEND_RESP, 10);
            assertEquals("hi all", bob.await(CmdId.C2G_PUSH_REQ, 10).bodyAs(C2GPushRequest.class).getContent());
            assertEquals("hi all", dave.await(CmdId.C2G_PUSH_REQ, 10).bodyAs(C2GPushRequest.class).getContent());

            // carol on gate b receives a stream from alice; gate b is killed in the middle of it
            Receiver carol = new Receiver("carol", loginWhenLinked(gateB, "carol"), gateA.http());
            Thread receiving = Thread.ofVirtual().start(carol);
            List<String> acked = new ArrayList<>();
            for (int i = 0; i < MESSAGES; i++) {
                if (i == KILL_AFTER) {
                    gateB.kill();
                }
                String text = "m-" + i;
                if (sendC2c(alice, "alice", "carol", text, 100 + i) > 0) {
                    acked.add(text);
                }
            }
            assertEquals(MESSAGES, acked.size(), "alice's gate and the logic nodes stayed up: every send is acked");
            try {
                await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                        .until(() -> {
                            carol.pullNow();
                            return carol.received.keySet().containsAll(acked);
                        });
            } catch (ConditionTimeoutException e) {
                // reported below as the exact list of lost messages
            }
            carol.stop();
            receiving.join(10_000);

            List<String> lost = acked.stream().filter(t -> !carol.received.containsKey(t)).toList();
            assertEquals(List.of(), lost, "acked but never delivered; carol reconnected " + carol.reconnects + "×, "
                    + "gate a printed " + gateA.output());
            Map<String, Set<Long>> twice = new TreeMap<>();
            carol.received.forEach((text, ids) -> {
                if (ids.size() > 1) {
                    twice.put(text, ids);
                }
            });
            assertEquals(Map.of(), twice, "each message is stored once (one msgid)");
            assertTrue(carol.reconnects.get() >= 1, "carol lost her gate and came back through iplist");
            // its entry expires within presenceTtl (2 s)
            await("the dead gate left iplist").atMost(Duration.ofSeconds(10))
                    .until(() -> new HttpSso(gateA.http()).tcpGates(), equalTo(List.of(gateA.tcp())));
        }
    }

    /** Logs in, retrying while the gate is still dialling its logic nodes (the gate answers ERR_OVERLOADED then). */
    private static WireClient loginWhenLinked(NodeProcess gate, String uid) {
        return await(uid + " logs in on " + gate).atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(200))
                .ignoreExceptionsMatching(e -> e instanceof AssertionError || e instanceof IllegalStateException)
                .until(() -> login(gate.tcp(), gate.http(), uid), c -> c != null);
    }

    /** Connects to a gate's TCP {@code host:port} and logs in with a token from {@code http}'s SSO; closes on refusal. */
    private static WireClient login(String gateTcp, String http, String uid) throws IOException, InterruptedException {
        WireClient c = WireClient.tcp(gateTcp);
        try {
            c.login(new HttpSso(http), uid, DeviceType.IOS);
            return c;
        } catch (AssertionError | RuntimeException e) {
            c.close();
            throw e;
        }
    }

    /** Sends a c2c message and returns its msgid once acked, or -1 if refused. */
    private static long sendC2c(WireClient c, String from, String to, String text, long clientMsgId) throws Exception {
        int seq = c.send(CmdId.C2C_SEND_REQ, C2CSendRequest.newBuilder().setFrom(from).setTo(to).setContent(text)
                .setClientMsgId(clientMsgId).build());
        Frame ack = c.await(CmdId.C2C_SEND_RESP, 10);
        assertEquals(seq, ack.seq());
        return ack.bodyAs(C2CSendResponse.class).getMsgid();
    }

    /** A user who acks pushes and, when her gate goes away, reconnects through iplist and pulls from her cursor. */
    private static final class Receiver implements Runnable {

        final Map<String, Set<Long>> received = new ConcurrentHashMap<>();
        final AtomicInteger reconnects = new AtomicInteger();
        private final String uid;
        private final String entryHttp;
        private volatile WireClient client;
        private volatile boolean stopped;
        private volatile boolean pullRequested;
        private long cursor;

        Receiver(String uid, WireClient client, String entryHttp) {
            this.uid = uid;
            this.client = client;
            this.entryHttp = entryHttp;
        }

        void pullNow() {
            pullRequested = true;
        }

        void stop() {
            stopped = true;
        }

        @Override
        public void run() {
            try {
                while (!stopped) {
                    Frame push = client.next(CmdId.C2C_PUSH_REQ, 1);
                    if (push != null) {
                        C2CPushRequest p = push.bodyAs(C2CPushRequest.class);
                        record(p.getContent(), p.getMsgid());
                        client.send(CmdId.C2C_PUSH_RESP, C2CPushResponse.newBuilder().setMsgid(p.getMsgid()).build());
                    } else if (client.isClosed()) {
                        reconnect();
                        pull();
                    } else if (pullRequested) {
                        pullRequested = false;
                        pull();
                    }
                }
            } catch (Exception e) {
                throw new IllegalStateException(uid + " stopped receiving", e);
            } finally {
                try {
                    client.close();
                } catch (IOException ignored) {
                    // closing a test client
                }
            }
        }

        private void record(String text, long msgid) {
            received.computeIfAbsent(text, t -> new TreeSet<>()).add(msgid);
            cursor = Math.max(cursor, msgid);
        }

        private void reconnect() throws Exception {
            client.close();
            client = await(uid + " finds a live gate in iplist").atMost(Duration.ofSeconds(20))
                    .pollInterval(Duration.ofMillis(200)).until(this::firstGateThatTakesMe, c -> c != null);
            reconnects.incrementAndGet();
        }

        /** Logs in on the first gate of iplist that answers, or null (a dead gate stays listed until its entry expires). */
        private WireClient firstGateThatTakesMe() throws Exception {
            for (String gate : new HttpSso(entryHttp).tcpGates()) {
                try {
                    return login(gate, entryHttp, uid);
                } catch (IOException | IllegalStateException | AssertionError e) {
                    // that gate is gone: try the next one
                }
            }
            return null;
        }

        private void pull() throws Exception {
            while (true) {
                client.send(CmdId.PULL_REQ, PullRequest.newBuilder().setOffset(cursor).build());
                Frame f = client.next(CmdId.PULL_RESP, 10);
                if (f == null) {
                    return; // connection lost mid-pull: the loop reconnects
                }
                PullResponse page = f.bodyAs(PullResponse.class);
                if (page.getMsgsCount() == 0) {
                    return;
                }
                for (PullMsg m : page.getMsgsList()) {
                    record(m.getContent(), m.getMsgid());
                }
            }
        }
    }
}
