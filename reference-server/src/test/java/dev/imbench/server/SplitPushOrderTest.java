package dev.imbench.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.protocol.pb.C2CPushRequest;
import dev.imbench.protocol.pb.C2CPushResponse;
import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.PullMsg;
import dev.imbench.protocol.pb.PullRequest;
import dev.imbench.protocol.pb.PullResponse;
import dev.imbench.server.cluster.ClusterConfig;
import dev.imbench.testsupport.WireClient;
import dev.imbench.server.store.Envelope;
import dev.imbench.server.store.InMemoryMessageStore;
import dev.imbench.server.store.mysql.ShardRouter;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The split topology's ordering hole, planted: two senders hashed to different logic nodes write to one
 * recipient. The first node stores row N and is held back before its push; the second stores row N+1 and
 * pushes it, the recipient gets it and its connection dies; only then does the first node go on (the
 * recipient is offline by then, so row N waits in the inbox). The recipient reconnects and pulls from the largest msgid it received (N+1): the pull must
 * still bring row N. Two logic nodes and a gate in one JVM, over shared embedded back ends.
 */
class SplitPushOrderTest {

    private final List<ImServer> nodes = new ArrayList<>();

    @AfterEach
    void stop() {
        for (int i = nodes.size() - 1; i >= 0; i--) {
            nodes.get(i).close();
        }
    }

    @Test
    void shouldNotSkipARowWhosePushWasOvertakenByALaterOneFromTheOtherLogicNode() throws Exception {
        HeldStore held = new HeldStore();
        InMemoryMessageStore store = held.inner;
        ServerBackends shared = ServerBackends.inMemory().withMessages(store, store);
        ServerConfig config = ServerConfig.builder().offlinePushDelay(Duration.ofMinutes(5)).build();
        ImServer logic0 = start(config, "logic-0", shared.withMessages(held, store), ClusterConfig.logic(0));
        ImServer logic1 = start(config, "logic-1", shared, ClusterConfig.logic(0));
        ImServer gate = start(config, "gate-a", shared, ClusterConfig.gate(List.of(
                new ClusterConfig.LinkAddress("127.0.0.1", logic0.linkAddress().getPort()),
                new ClusterConfig.LinkAddress("127.0.0.1", logic1.linkAddress().getPort()))));
        await().atMost(Duration.ofSeconds(5)).until(() -> gate.linkedToLogic()
                && logic0.linkedGates().size() == 1 && logic1.linkedGates().size() == 1);
        ShardRouter nodeOf = new ShardRouter(2);
        String early = senderOn(nodeOf, 0);
        String late = senderOn(nodeOf, 1);
        assertNotEquals(nodeOf.shardOf(early), nodeOf.shardOf(late));

        try (WireClient a = WireClient.tcp(gate.tcpAddress()); WireClient b = WireClient.tcp(gate.tcpAddress())) {
            a.login(gate.tokens()::issue, early, DeviceType.IOS);
            b.login(gate.tokens()::issue, late, DeviceType.IOS);
            WireClient carol = WireClient.tcp(gate.tcpAddress());
            carol.login(gate.tokens()::issue, "carol", DeviceType.IOS);

            held.armed.set(true);
            a.send(CmdId.C2C_SEND_REQ, c2c(early, "first", 1));
            assertTrue(held.stored.await(5, TimeUnit.SECONDS), "logic-0 stored the first row");
            b.send(CmdId.C2C_SEND_REQ, c2c(late, "second", 1));
            b.await(CmdId.C2C_SEND_RESP);
            C2CPushRequest second = carol.await(CmdId.C2C_PUSH_REQ).bodyAs(C2CPushRequest.class);
            assertEquals("second", second.getContent());
            carol.send(CmdId.C2C_PUSH_RESP, C2CPushResponse.newBuilder().setMsgid(second.getMsgid()).build());
            long firstId = store.page("carol", 0, 10).get(0).msgid();
            assertTrue(firstId < second.getMsgid(), "the held row has the smaller msgid");
            carol.close();
            await().atMost(Duration.ofSeconds(5)).until(() -> shared.presence().routes("carol").isEmpty());
            held.release.countDown();
            a.await(CmdId.C2C_SEND_RESP);

            try (WireClient again = WireClient.tcp(gate.tcpAddress())) {
                again.login(gate.tokens()::issue, "carol", DeviceType.IOS);
                List<String> pulled = new ArrayList<>();
                long offset = second.getMsgid();
                while (true) {
                    again.send(CmdId.PULL_REQ, PullRequest.newBuilder().setOffset(offset).build());
                    PullResponse page = again.await(CmdId.PULL_RESP).bodyAs(PullResponse.class);
                    if (page.getMsgsCount() == 0) {
                        break;
                    }
                    for (PullMsg m : page.getMsgsList()) {
                        pulled.add(m.getContent());
                        offset = Math.max(offset, m.getMsgid());
                    }
                    assertTrue(pulled.size() < 10, "the pull loop ends: " + pulled);
                }
                assertTrue(pulled.contains("first"), "the row held back while its recipient went away is pulled,"
                        + " although the client's cursor was past it: " + pulled);
                assertTrue(logic0.metrics().pullsRewoundCount() + logic1.metrics().pullsRewoundCount() > 0);
            }
        }
    }

    /** A store whose next inbox write, once armed, returns (and lets its push go) only once released. */
    private static final class HeldStore extends DelegatingMessageStore {
        final AtomicBoolean armed = new AtomicBoolean();
        final CountDownLatch stored = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public long[] appendToInboxes(List<String> recipients, Envelope e) {
            long[] ids = super.appendToInboxes(recipients, e);
            if (armed.compareAndSet(true, false)) {
                stored.countDown();
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                }
            }
            return ids;
        }
    }

    private ImServer start(ServerConfig base, String id, ServerBackends backends, ClusterConfig cluster) {
        ServerConfig config = base.toBuilder().gateId(id).build();
        ImServer s = ImServer.start(config, backends, Clock.systemUTC(), cluster);
        nodes.add(s);
        return s;
    }

    private static String senderOn(ShardRouter nodeOf, int node) {
        for (int i = 0; ; i++) {
            if (nodeOf.shardOf("s" + i) == node) {
                return "s" + i;
            }
        }
    }

    private static C2CSendRequest c2c(String from, String text, long clientMsgId) {
        return C2CSendRequest.newBuilder().setFrom(from).setTo("carol").setContent(text).setClientMsgId(clientMsgId).build();
    }
}
