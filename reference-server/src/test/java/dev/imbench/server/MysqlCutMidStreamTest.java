package dev.imbench.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
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
 * MySQL cut off (a TCP relay in front of it is reset) while four senders stream messages, each
 * resending until acked, as a client does: some sends fail with ERR_STORE_FAILED (no ack), some
 * transactions are cut mid-flight. After recovery every message is acked, and the inbox holds each
 * one exactly once: no acked message lost, no resend stored twice.
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
        node = MysqlFaultTest.startBehind(relay, SCHEMA, Map.of("mysqlPoolSize", 4, "logicThreads", 4));
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

    @Test
    void shouldStoreEveryAckedMessageExactlyOnceAcrossAMysqlCut() throws Exception {
        Map<String, Long> acked = new ConcurrentHashMap<>();
        AtomicInteger refused = new AtomicInteger();
        AtomicInteger ackCount = new AtomicInteger();
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
                            int seq = c.send(CmdId.C2C_SEND_REQ, C2CSendRequest.newBuilder().setFrom(uid)
                                    .setTo("bob").setContent(text).setClientMsgId(i).build());
                            Frame f = c.poll(20_000);
                            assertTrue(f != null, "no answer to " + text);
                            assertEquals(seq, f.seq(), "answers come in request order");
                            if (f.cmd() == CmdId.C2C_SEND_RESP) {
                                acked.put(text, f.bodyAs(C2CSendResponse.class).getMsgid());
                                ackCount.incrementAndGet();
                                streaming.countDown();
                                break;
                            }
                            assertEquals(CmdId.ERROR_RESP, f.cmd());
                            ErrorCode code = f.bodyAs(ErrorResponse.class).getCode();
                            assertTrue(code == ErrorCode.ERR_STORE_FAILED || code == ErrorCode.ERR_OVERLOADED, code.name());
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
        List<InboxRow> inbox = server.backends().messages().page("bob", 0, 10_000);
        Map<String, Integer> copies = new HashMap<>();
        for (InboxRow r : inbox) {
            copies.merge(r.envelope().content(), 1, Integer::sum);
        }
        Set<String> lost = new TreeSet<>(acked.keySet());
        lost.removeAll(copies.keySet());
        assertEquals(Set.of(), lost, "acked but not stored");
        Map<String, Integer> twice = new HashMap<>(copies);
        twice.values().removeIf(n -> n == 1);
        assertEquals(Map.of(), twice, "stored more than once");
        assertEquals(SENDERS * PER_SENDER, inbox.size());
        assertEquals(SENDERS * PER_SENDER, new TreeSet<>(acked.values()).size(), "every ack names its own send row");
        assertEquals(SENDERS * PER_SENDER, MysqlFaultTest.sendRows(SCHEMA, "msg_to = 'bob'"), "one send row per message");
    }
}
