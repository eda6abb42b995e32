package dev.imbench.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imbench.testsupport.WireClient;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.C2CPushRequest;
import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.C2CSendResponse;
import dev.imbench.protocol.pb.AuthRequest;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.ErrorCode;
import dev.imbench.protocol.pb.ErrorResponse;
import dev.imbench.protocol.pb.PullRequest;
import dev.imbench.protocol.pb.PullResponse;
import dev.imbench.server.store.Envelope;
import dev.imbench.server.store.SendReceipt;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
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

    /**
     * The reconnect storm of a slow store: a client's AUTH waits in its logic lane behind a blocked send, the client
     * gives up on that connection and logs in on a new one (another lane); when the old AUTH finally runs, its
     * connection is gone, so it must neither take the route nor kick the live connection out (a kicked client
     * stops, and every message acked to it afterwards is lost).
     */
    @Test
    void shouldNotLetAnAuthThatWaitedOnAClosedConnectionKickTheNewerLogin() throws Exception {
        GatedStore store = new GatedStore();
        ServerBackends backends = ServerBackends.inMemory().withMessages(store, store.inner);
        ServerConfig config = ServerConfig.builder().logicThreads(2).kickoutGrace(Duration.ofMillis(50)).build();
        try (ImServer server = ImServer.start(config, backends, Clock.systemUTC())) {
            // Session ids are consecutive in accept order, and a session's lane is its id mod 2: each connection
            // answers once before the next opens, so bob and stale share a lane and fresh has the other one.
            WireClient bob = WireClient.tcp(server.tcpAddress());
            bob.login(server.tokens()::issue, "bob", DeviceType.IOS);
            WireClient filler = WireClient.tcp(server.tcpAddress());
            filler.send(CmdId.C2C_SEND_REQ, C2CSendRequest.newBuilder().setFrom("x").setTo("bob").build());
            filler.await(CmdId.ERROR_RESP);
            bob.send(CmdId.C2C_SEND_REQ, C2CSendRequest.newBuilder().setFrom("bob").setTo("carol").setClientMsgId(1).build());
            store.entered.await(); // bob's lane is blocked in the store

            WireClient stale = WireClient.tcp(server.tcpAddress());
            stale.send(CmdId.AUTH_REQ, AuthRequest.newBuilder().setToken(server.tokens().issue("alice", DeviceType.IOS))
                    .setUid("alice").build());
            stale.close(); // the client's login timed out: it gives this connection up
            await().until(() -> server.sessionCount() == 2);
            WireClient fresh = WireClient.tcp(server.tcpAddress());
            fresh.login(server.tokens()::issue, "alice", DeviceType.IOS);

            store.release.countDown();
            assertEquals(1, bob.await(CmdId.C2C_SEND_RESP).bodyAs(C2CSendResponse.class).getClientMsgId());
            bob.send(CmdId.C2C_SEND_REQ, C2CSendRequest.newBuilder().setFrom("bob").setTo("alice").setClientMsgId(2).build());
            assertEquals(2, bob.await(CmdId.C2C_SEND_RESP).bodyAs(C2CSendResponse.class).getClientMsgId(),
                    "bob's lane has run the stale AUTH and its close");

            assertEquals(2, fresh.await(CmdId.C2C_PUSH_REQ).bodyAs(C2CPushRequest.class).getClientMsgId(),
                    "the live connection still has the route: bob's message is pushed to it");
            int seq = fresh.send(CmdId.C2C_SEND_REQ, C2CSendRequest.newBuilder().setFrom("alice").setTo("bob")
                    .setClientMsgId(3).build());
            Frame answer = fresh.answer(seq, 5_000);
            assertEquals(CmdId.C2C_SEND_RESP, answer.cmd(), "the live connection was not kicked out: " + answer);
            assertEquals(1, server.backends().presence().routes("alice").size());
            bob.close();
            filler.close();
            fresh.close();
        }
    }

    /** A send whose connection closed while it waited in a blocked lane is dropped: never stored, never answered. */
    @Test
    void shouldDropASendWhoseConnectionClosedWhileItWaited() throws Exception {
        GatedStore store = new GatedStore();
        ServerBackends backends = ServerBackends.inMemory().withMessages(store, store.inner);
        try (ImServer server = ImServer.start(ServerConfig.builder().logicThreads(2).build(), backends, Clock.systemUTC())) {
            // Consecutive session ids, lane = id mod 2 (each connection answers before the next opens): carol
            // shares bob's lane.
            WireClient bob = WireClient.tcp(server.tcpAddress());
            bob.login(server.tokens()::issue, "bob", DeviceType.IOS);
            WireClient filler = WireClient.tcp(server.tcpAddress());
            filler.send(CmdId.C2C_SEND_REQ, C2CSendRequest.newBuilder().setFrom("x").setTo("bob").build());
            filler.await(CmdId.ERROR_RESP);
            WireClient carol = WireClient.tcp(server.tcpAddress());
            carol.login(server.tokens()::issue, "carol", DeviceType.IOS);
            bob.send(CmdId.C2C_SEND_REQ, C2CSendRequest.newBuilder().setFrom("bob").setTo("dave").setClientMsgId(1).build());
            store.entered.await(); // the lane is blocked in the store

            carol.send(CmdId.C2C_SEND_REQ, C2CSendRequest.newBuilder().setFrom("carol").setTo("dave").setClientMsgId(7).build());
            carol.close(); // carol's ack timed out: she resends on her next connection
            await().until(() -> server.sessionCount() == 2);
            store.release.countDown();
            bob.send(CmdId.C2C_SEND_REQ, C2CSendRequest.newBuilder().setFrom("bob").setTo("dave").setClientMsgId(2).build());
            assertEquals(1, bob.await(CmdId.C2C_SEND_RESP).bodyAs(C2CSendResponse.class).getClientMsgId());
            assertEquals(2, bob.await(CmdId.C2C_SEND_RESP).bodyAs(C2CSendResponse.class).getClientMsgId());

            assertEquals(List.of("bob", "bob"), store.inner.page("dave", 0, 10).stream()
                    .map(r -> r.envelope().from()).toList(), "carol's stale send was not stored");
            assertEquals(1.0, server.metrics().staleRequestsDropped());
            bob.close();
            filler.close();
        }
    }
}
