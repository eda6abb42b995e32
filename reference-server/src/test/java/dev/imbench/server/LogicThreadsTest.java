package dev.imbench.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imbench.testsupport.WireClient;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.C2CPushRequest;
import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.C2CSendResponse;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.ErrorCode;
import dev.imbench.protocol.pb.ErrorResponse;
import dev.imbench.protocol.pb.PullRequest;
import dev.imbench.protocol.pb.PullResponse;
import dev.imbench.server.store.Envelope;
import dev.imbench.server.store.SendReceipt;
import java.time.Clock;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The logic on its own threads (for blocking back ends): same flows, ordered per session, bounded queues. */
class LogicThreadsTest {

    @Test
    void shouldRunFlowsOnLogicThreadsKeepingEachSessionsOrder() throws Exception {
        try (ImServer server = ImServer.start(ServerConfig.builder().logicThreads(2).build());
             WireClient alice = WireClient.tcp(server.tcpAddress()); WireClient bob = WireClient.tcp(server.tcpAddress())) {
            alice.login(server.tokens()::issue, "alice", DeviceType.IOS);
            bob.login(server.tokens()::issue, "bob", DeviceType.IOS);
            for (int i = 1; i <= 50; i++) {
                alice.send(CmdId.C2C_SEND_REQ, C2CSendRequest.newBuilder().setFrom("alice").setTo("bob")
                        .setContent("m" + i).setClientMsgId(i).build());
            }
            for (int i = 1; i <= 50; i++) {
                assertEquals(i, alice.await(CmdId.C2C_SEND_RESP).bodyAs(C2CSendResponse.class).getClientMsgId());
                assertEquals("m" + i, bob.await(CmdId.C2C_PUSH_REQ).bodyAs(C2CPushRequest.class).getContent());
            }
            bob.send(CmdId.PULL_REQ, PullRequest.newBuilder().setLimit(100).build());
            assertEquals(50, bob.await(CmdId.PULL_RESP).bodyAs(PullResponse.class).getMsgsCount());
        }
    }

    /** A store whose first send blocks until released. */
    private static final class GatedStore extends DelegatingMessageStore {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);

        @Override
        public SendReceipt recordSend(Envelope e) {
            entered.countDown();
            try {
                release.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
            return inner.recordSend(e);
        }
    }

    @Test
    void shouldAnswerOverloadedWhenTheLogicQueueIsFullAndStoreNothingForIt() throws Exception {
        GatedStore store = new GatedStore();
        ServerBackends backends = ServerBackends.inMemory().withMessages(store, store.inner);
        ServerConfig config = ServerConfig.builder().logicThreads(1).logicQueueCapacity(1).build();
        try (ImServer server = ImServer.start(config, backends, Clock.systemUTC());
             WireClient alice = WireClient.tcp(server.tcpAddress())) {
            alice.login(server.tokens()::issue, "alice", DeviceType.IOS);
            alice.send(CmdId.C2C_SEND_REQ, C2CSendRequest.newBuilder().setFrom("alice").setTo("bob").setClientMsgId(1).build());
            store.entered.await();
            alice.send(CmdId.C2C_SEND_REQ, C2CSendRequest.newBuilder().setFrom("alice").setTo("bob").setClientMsgId(2).build());
            int third = alice.send(CmdId.C2C_SEND_REQ, C2CSendRequest.newBuilder().setFrom("alice").setTo("bob")
                    .setClientMsgId(3).build());
            Frame err = alice.await(CmdId.ERROR_RESP);
            assertEquals(third, err.seq());
            assertEquals(ErrorCode.ERR_OVERLOADED, err.bodyAs(ErrorResponse.class).getCode());
            store.release.countDown();
            assertEquals(1, alice.await(CmdId.C2C_SEND_RESP).bodyAs(C2CSendResponse.class).getClientMsgId());
            assertEquals(2, alice.await(CmdId.C2C_SEND_RESP).bodyAs(C2CSendResponse.class).getClientMsgId());
            assertEquals(2, store.inner.page("bob", 0, 10).size(), "the refused third message was not stored");
        }
    }
}
