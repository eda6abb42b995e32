package dev.imbench.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.testsupport.WireClient;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.C2CSendResponse;
import dev.imbench.protocol.pb.C2GSendRequest;
import dev.imbench.protocol.pb.C2GSendResponse;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.CtrlSendRequest;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.ErrorCode;
import dev.imbench.protocol.pb.ErrorResponse;
import dev.imbench.server.backends.LiveServices;
import dev.imbench.server.backends.TcpRelay;
import dev.imbench.server.cluster.ServerNode;
import dev.imbench.server.store.InboxRow;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * MySQL cut off (a TCP relay in front of it is reset) while four senders stream messages (c2c; or c2g by read
 * diffusion, whose send row and timeline row are stored before the ack), each
 * resending until acked, as a client does: some sends fail with ERR_STORE_FAILED (no ack), some
 * transactions are cut mid-flight. After recovery every message is acked, and the inbox holds each
 * one exactly once (the group timeline too): no acked message lost, no resend stored twice.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class MysqlCutMidStreamTest {

    private static final String SCHEMA = "imbench_cut_shard_";
    private static final int SENDERS = 4;
    private static final int PER_SENDER = 60;

    private TcpRelay relay;
    private ServerNode node;
    private ImServer server;

    @BeforeEach
    void start() throws Exception {
        LiveServices.requireMysql();
        relay = new TcpRelay(LiveServices.MYSQL_HOST, LiveServices.MYSQL_PORT);
        relay.start();
    }

    private void startServer(FanoutMode mode) {
        node = MysqlFaultTest.startBehind(relay, SCHEMA, Map.of("mysqlPoolSize", 4, "logicThreads", 4,
                "fanoutMode", mode.name().toLowerCase(java.util.Locale.ROOT)));
        server = node.server();
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

    /** One message of a sender: the request for (uid, text, client_msg_id), and the ack it waits for. */
    private interface Kind {
        int send(WireClient c, String uid, String text, int clientMsgId) throws Exception;

        CmdId ack();

        long msgid(Frame ack);
    }

    @Test
    void shouldStoreEveryAckedMessageExactlyOnceAcrossAMysqlCut() throws Exception {
        startServer(FanoutMode.WRITE);
        Map<String, Long> acked = streamAcrossACut(new Kind() {
            @Override
            public int send(WireClient c, String uid, String text, int i) {
                return c.send(CmdId.C2C_SEND_REQ, C2CSendRequest.newBuilder().setFrom(uid).setTo("bob").setContent(text)
                        .setClientMsgId(i).build());
            }

            @Override
            public CmdId ack() {
                return CmdId.C2C_SEND_RESP;
            }

            @Override
            public long msgid(Frame f) {
                return f.bodyAs(C2CSendResponse.class).getMsgid();
            }
        });
        List<InboxRow> inbox = server.backends().messages().page("bob", 0, 10_000);
        assertStoredOnce(acked, inbox);
        assertEquals(SENDERS * PER_SENDER, MysqlFaultTest.sendRows(SCHEMA, "msg_to = 'bob'"), "one send row per message");
    }

    @Test
    void shouldKeepEveryAckedGroupMessageInTheTimelineExactlyOnceAcrossAMysqlCutByReadFanout() throws Exception {
        startServer(FanoutMode.READ);
        long group;
        try (WireClient owner = WireClient.tcp(server.tcpAddress())) {
            owner.login(server.tokens()::issue, "bob", DeviceType.IOS);
            group = GroupFlowSuite.createGroup(owner, "bob", "cut", 1);
            GroupFlowSuite.ctrl(owner, "bob", CtrlSendRequest.Type.GROUP_ADDMEMBERS, group,
                    String.join(",", java.util.stream.IntStream.range(0, SENDERS).mapToObj(k -> "sender" + k).toList()));
        }
        long g = group;
        Map<String, Long> acked = streamAcrossACut(new Kind() {
            @Override
            public int send(WireClient c, String uid, String text, int i) {
                return c.send(CmdId.C2G_SEND_REQ, C2GSendRequest.newBuilder().setFrom(uid).setGroup(g).setContent(text)
                        .setClientMsgId(i).build());
            }

            @Override
            public CmdId ack() {
                return CmdId.C2G_SEND_RESP;
            }

            @Override
            public long msgid(Frame f) {
                return f.bodyAs(C2GSendResponse.class).getMsgid();
            }
        });
        List<InboxRow> timeline = server.backends().timelines().pageTimeline(group, 0, 10_000);
        assertStoredOnce(acked, timeline);
        assertEquals(SENDERS * PER_SENDER,
                MysqlFaultTest.sendRows(SCHEMA, "group_id = " + group + " AND cmd_id = " + CmdId.C2G_PUSH_REQ_VALUE),
                "one send row per message");
    }

    /** Four senders stream {@code kind} messages, each resent until acked, while MySQL is cut and restored. */
    private Map<String, Long> streamAcrossACut(Kind kind) throws Exception {
        Map<String, Long> acked = new ConcurrentHashMap<>();
        AtomicInteger refused = new AtomicInteger();
        CountDownLatch streaming = new CountDownLatch(SENDERS * 15);
        ExecutorService pool = Executors.newVirtualThreadPerTaskExecutor();
        List<Future<?>> senders = new ArrayList<>();
        for (int k = 0; k < SENDERS; k++) {
            String uid = "sender" + k;
            senders.add(pool.submit(() -> {
                try (WireClient c = WireClient.tcp(server.tcpAddress())) {
                    c.login(server.tokens()::issue, uid, DeviceType.IOS);
                    for (int i = 1; i <= PER_SENDER; i++) {
                        String text = uid + "-" + i;
                        while (true) { // resend with the same client_msg_id until acked
                            int seq = kind.send(c, uid, text, i);
                            Frame f = answer(c);
                            assertTrue(f != null, "no answer to " + text);
                            assertEquals(seq, f.seq(), "answers come in request order");
                            if (f.cmd() == kind.ack()) {
                                acked.put(text, kind.msgid(f));
                                streaming.countDown();
                                break;
                            }
                            assertEquals(CmdId.ERROR_RESP, f.cmd());
                            ErrorCode code = f.bodyAs(ErrorResponse.class).getCode();
                            // not acked: not stored, overloaded, or (c2g) the group lookup in MySQL failed
                            assertTrue(code == ErrorCode.ERR_STORE_FAILED || code == ErrorCode.ERR_OVERLOADED
                                    || code == ErrorCode.ERR_INTERNAL, code.name());
                            refused.incrementAndGet(); // resent at once: the next answer paces the loop
                        }
                    }
                }
                return null;
            }));
        }
        assertTrue(streaming.await(60, TimeUnit.SECONDS), "senders did not get going");
        relay.stop(); // every pooled connection is reset, in-flight transactions included
        await().atMost(Duration.ofSeconds(30)).until(() -> refused.get() >= SENDERS); // the senders saw the outage
        relay.start();
        for (Future<?> s : senders) {
            s.get(90, TimeUnit.SECONDS);
        }
        pool.shutdown();
        assertTrue(refused.get() >= SENDERS, "the cut was seen by the senders: " + refused.get() + " refusals");
        assertEquals(SENDERS * PER_SENDER, acked.size(), "every message acked in the end");
        assertEquals(SENDERS * PER_SENDER, new TreeSet<>(acked.values()).size(), "every ack names its own send row");
        return acked;
    }

    /** The next frame that is not a push (senders in the group get each other's messages). */
    private static Frame answer(WireClient c) throws InterruptedException {
        while (true) {
            Frame f = c.poll(20_000);
            if (f == null || (f.cmd() != CmdId.C2G_PUSH_REQ && f.cmd() != CmdId.CTRL_PUSH_REQ)) {
                return f;
            }
        }
    }

    private static void assertStoredOnce(Map<String, Long> acked, List<InboxRow> rows) {
        Map<String, Integer> copies = new HashMap<>();
        for (InboxRow r : rows) {
            copies.merge(r.envelope().content(), 1, Integer::sum);
        }
        Set<String> lost = new TreeSet<>(acked.keySet());
        lost.removeAll(copies.keySet());
        assertEquals(Set.of(), lost, "acked but not stored");
        Map<String, Integer> twice = new HashMap<>(copies);
        twice.values().removeIf(n -> n == 1);
        assertEquals(Map.of(), twice, "stored more than once");
        assertEquals(SENDERS * PER_SENDER, rows.size());
    }
}
