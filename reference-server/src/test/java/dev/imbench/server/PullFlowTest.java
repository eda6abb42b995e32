package dev.imbench.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.testsupport.WireClient;
import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.ErrorCode;
import dev.imbench.protocol.pb.ErrorResponse;
import dev.imbench.protocol.pb.PullMsg;
import dev.imbench.protocol.pb.PullRequest;
import dev.imbench.protocol.pb.PullResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/** Offline pull with the reference design's cursor semantics, over TCP. */
@EachBackendSet
class PullFlowTest {

    @Parameter
    BackendSet backendSet;

    private ImServer server;

    @BeforeEach
    void start() {
        server = backendSet.start(ServerConfig.builder().pullDefaultLimit(3).build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private void sendOffline(int count) throws Exception {
        try (WireClient alice = WireClient.tcp(server.tcpAddress())) {
            alice.login(server.tokens()::issue, "alice", DeviceType.IOS);
            for (int i = 1; i <= count; i++) {
                alice.send(CmdId.C2C_SEND_REQ, C2CSendRequest.newBuilder().setFrom("alice").setTo("bob")
                        .setContent("m" + i).setClientMsgId(i).build());
                alice.await(CmdId.C2C_SEND_RESP);
            }
        }
    }

    private static PullResponse pull(WireClient c, long offset, int limit) throws InterruptedException {
        c.send(CmdId.PULL_REQ, PullRequest.newBuilder().setUid("bob").setOffset(offset).setLimit(limit).build());
        return c.await(CmdId.PULL_RESP).bodyAs(PullResponse.class);
    }

    @Test
    void shouldPullPagesInOrderUntilAnEmptyPage() throws Exception {
        sendOffline(7);
        try (WireClient bob = WireClient.tcp(server.tcpAddress())) {
            bob.login(server.tokens()::issue, "bob", DeviceType.IOS);
            List<String> got = new ArrayList<>();
            List<Integer> pageSizes = new ArrayList<>();
            long cursor = 0;
            while (true) {
                PullResponse page = pull(bob, cursor, 0);
                pageSizes.add(page.getMsgsCount());
                if (page.getMsgsCount() == 0) {
                    break;
                }
                for (PullMsg m : page.getMsgsList()) {
                    assertTrue(m.getMsgid() > cursor, "msgids increase along the cursor");
                    cursor = m.getMsgid();
                    got.add(m.getContent());
                    assertEquals(CmdId.C2C_PUSH_REQ_VALUE, m.getCmdid());
                    assertEquals("alice", m.getFrom());
                }
            }
            assertEquals(List.of("m1", "m2", "m3", "m4", "m5", "m6", "m7"), got);
            assertEquals(List.of(3, 3, 1, 0), pageSizes, "default page of 3, a short page, then the empty end");
        }
    }

    @Test
    void shouldTreatPullOffsetAsAckOfEverythingUpToIt() throws Exception {
        sendOffline(4);
        try (WireClient bob = WireClient.tcp(server.tcpAddress())) {
            bob.login(server.tokens()::issue, "bob", DeviceType.IOS);
            PullResponse first = pull(bob, 0, 2);
            long lastOfFirst = first.getMsgs(1).getMsgid();
            assertTrue(!server.backends().messages().isDelivered("bob", lastOfFirst), "not acked before the next pull");
            PullResponse second = pull(bob, lastOfFirst, 2);
            assertTrue(server.backends().messages().isDelivered("bob", first.getMsgs(0).getMsgid()));
            assertTrue(server.backends().messages().isDelivered("bob", lastOfFirst));
            assertTrue(!server.backends().messages().isDelivered("bob", second.getMsgs(0).getMsgid()));
            // Pulling again from an old cursor never skips: the second page comes back whole.
            PullResponse again = pull(bob, lastOfFirst, 2);
            assertEquals(second.getMsgsList(), again.getMsgsList());
        }
    }

    @Test
    void shouldRefuseNegativeLimit() throws Exception {
        try (WireClient bob = WireClient.tcp(server.tcpAddress())) {
            bob.login(server.tokens()::issue, "bob", DeviceType.IOS);
            bob.send(CmdId.PULL_REQ, PullRequest.newBuilder().setOffset(0).setLimit(-1).build());
            assertEquals(ErrorCode.ERR_MALFORMED_FRAME,
                    bob.await(CmdId.ERROR_RESP).bodyAs(ErrorResponse.class).getCode());
        }
    }
}
