package dev.imbench.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.protocol.pb.C2GSendRequest;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.testsupport.WireClient;
import dev.imbench.server.store.Envelope;
import dev.imbench.server.store.GroupStore;
import dev.imbench.server.store.InMemoryGroupStore;
import dev.imbench.server.store.InboxRow;
import dev.imbench.server.store.redis.DelegatingGroupStore;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

/**
 * Order as shown in a group: a message acked before another was sent has the smaller msgid in every
 * member's inbox (the order an app shows the conversation in). The race is planted: the first message's
 * fan-out is held back after its send row is stored, until the second message (sent by another member as
 * soon as the first one's ack arrives) has been written to every member, or for {@link #HOLD_MS} when the
 * second cannot be sent before the first one's fan-out ends (then the order holds by construction).
 */
class GroupSendOrderTest {

    private static final long HOLD_MS = 1_500;
    private static final List<String> MEMBERS = List.of("alice", "bob", "m1", "m2", "m3");

    @Test
    void shouldGiveAMessageAckedEarlierTheSmallerMsgidInEveryMembersInbox() throws Exception {
        DelegatingMessageStore store = new DelegatingMessageStore() {
            @Override
            public long[] appendToInboxes(List<String> recipients, Envelope e) {
                long[] ids = super.appendToInboxes(recipients, e);
                if (e.from().equals("bob")) {
                    bobWritten.countDown();
                }
                return ids;
            }
        };
        HeldGroupStore groups = new HeldGroupStore(new InMemoryGroupStore());
        long group = groups.create("alice", "busy", 0);
        groups.addMembers(group, MEMBERS);
        ServerBackends backends = ServerBackends.inMemory().withMessages(store, store.inner);
        backends = new ServerBackends(backends.messages(), groups, backends.presence(), backends.notifier(),
                backends.queue(), backends.timelines());
        try (ImServer server = ImServer.start(ServerConfig.builder().ioThreads(4).logicThreads(4).build(), backends,
                Clock.systemUTC());
             WireClient alice = WireClient.tcp(server.tcpAddress());
             WireClient bob = WireClient.tcp(server.tcpAddress())) {
            alice.login(server.tokens()::issue, "alice", DeviceType.IOS);
            bob.login(server.tokens()::issue, "bob", DeviceType.IOS);

            groups.holdNextFanOut.set(true);
            alice.send(CmdId.C2G_SEND_REQ, C2GSendRequest.newBuilder().setFrom("alice").setGroup(group)
                    .setContent("first").setClientMsgId(1).build());
            alice.await(CmdId.C2G_SEND_RESP);
            bob.send(CmdId.C2G_SEND_REQ, C2GSendRequest.newBuilder().setFrom("bob").setGroup(group)
                    .setContent("second").setClientMsgId(1).build());
            bob.await(CmdId.C2G_SEND_RESP);
            assertTrue(groups.held.await(10, TimeUnit.SECONDS), "the first fan-out was held back");

            for (String m : List.of("m1", "m2", "m3")) {
                List<InboxRow> rows = store.inner.page(m, 0, 10);
                assertEquals(2, rows.size(), m + ": " + rows);
                assertEquals(List.of("first", "second"), rows.stream().map(r -> r.envelope().content()).toList(),
                        m + " would be shown the second message above the first, which was acked before it was sent: "
                                + rows.stream().map(r -> r.envelope().content() + "=" + r.msgid()).toList());
            }
        }
    }

    private final CountDownLatch bobWritten = new CountDownLatch(1);

    /** A group store whose next member-list read (the fan-out's) waits for bob's rows, or HOLD_MS. */
    private final class HeldGroupStore extends DelegatingGroupStore {
        final AtomicBoolean holdNextFanOut = new AtomicBoolean();
        final CountDownLatch held = new CountDownLatch(1);

        HeldGroupStore(GroupStore inner) {
            super(inner);
        }

        @Override
        public List<String> members(long groupId) {
            if (holdNextFanOut.compareAndSet(true, false)) {
                try {
                    bobWritten.await(HOLD_MS, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                held.countDown();
            }
            return super.members(groupId);
        }
    }
}
