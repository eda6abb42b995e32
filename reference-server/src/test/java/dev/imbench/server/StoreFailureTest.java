package dev.imbench.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.imbench.testsupport.WireClient;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.C2GPushRequest;
import dev.imbench.protocol.pb.C2GPushResponse;
import dev.imbench.protocol.pb.C2GSendRequest;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.CtrlSendRequest;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.ErrorCode;
import dev.imbench.protocol.pb.ErrorResponse;
import dev.imbench.protocol.pb.Keepalive;
import dev.imbench.protocol.pb.PullRequest;
import dev.imbench.server.store.C2cReceipt;
import dev.imbench.server.store.Envelope;
import dev.imbench.server.store.InMemoryMessageStore;
import dev.imbench.server.store.InboxRow;
import dev.imbench.server.store.MessageStore;
import dev.imbench.server.store.SendReceipt;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/** A failing store: the sender is never acked for what was not stored, and the session survives. */
@EachBackendSet
class StoreFailureTest {

    @Parameter
    BackendSet backendSet;

    /** Refuses every write; reads fail too. */
    private static final class BrokenStore implements MessageStore {
        @Override
        public C2cReceipt storeC2c(Envelope envelope) {
            throw new IllegalStateException("disk full");
        }

        @Override
        public SendReceipt recordSend(Envelope envelope) {
            throw new IllegalStateException("disk full");
        }

        @Override
        public long[] appendToInboxes(List<String> recipients, Envelope envelope) {
            throw new IllegalStateException("disk full");
        }

        @Override
        public List<InboxRow> page(String uid, long afterMsgid, int limit) {
            throw new IllegalStateException("unreachable");
        }

        @Override
        public int ackUpTo(String uid, long cursor) {
            throw new IllegalStateException("unreachable");
        }

        @Override
        public boolean markDelivered(String uid, long msgid) {
            return false;
        }

        @Override
        public boolean isDelivered(String uid, long msgid) {
            return false;
        }
    }

    @Test
    void shouldAnswerStoreFailedAndNeverAckOrPushWhatWasNotStored() throws Exception {
        try (ImServer server = backendSet.start(ServerConfig.defaults(),
                b -> b.withMessages(new BrokenStore(), new InMemoryMessageStore()));
             WireClient alice = WireClient.tcp(server.tcpAddress()); WireClient bob = WireClient.tcp(server.tcpAddress())) {
            alice.login(server.tokens()::issue, "alice", DeviceType.IOS);
            bob.login(server.tokens()::issue, "bob", DeviceType.IOS);
            int seq = alice.send(CmdId.C2C_SEND_REQ, C2CSendRequest.newBuilder().setFrom("alice").setTo("bob")
                    .setContent("lost?").setClientMsgId(1).build());
            Frame err = alice.await(CmdId.ERROR_RESP);
            assertEquals(seq, err.seq());
            assertEquals(ErrorCode.ERR_STORE_FAILED, err.bodyAs(ErrorResponse.class).getCode());
            int pull = bob.send(CmdId.PULL_REQ, PullRequest.newBuilder().build());
            Frame pullErr = bob.await(CmdId.ERROR_RESP);
            assertEquals(pull, pullErr.seq());
            assertEquals(ErrorCode.ERR_INTERNAL, pullErr.bodyAs(ErrorResponse.class).getCode());
            int k = alice.send(CmdId.KEEPALIVE_REQ, Keepalive.getDefaultInstance());
            assertEquals(k, alice.await(CmdId.KEEPALIVE_RESP).seq());
            assertNull(alice.poll(100), "no C2C_SEND_RESP for an unstored message");
            assertNull(bob.poll(100), "no push for an unstored message");
        }
    }

    /** An in-memory store whose delivered-flag writes fail while {@code failing} is set. */
    private static final class FlakyDeliveredStore extends DelegatingMessageStore {
        volatile boolean failing = true;

        @Override
        public boolean markDelivered(String uid, long msgid) {
            if (failing) {
                throw new IllegalStateException("MySQL failed storing delivered state");
            }
            return inner.markDelivered(uid, msgid);
        }
    }

    @Test
    void shouldKeepFlushingGroupAcksAfterTheStoreRefusedAFlush() throws Exception {
        FlakyDeliveredStore store = new FlakyDeliveredStore();
        ServerConfig config = ServerConfig.builder().ackFlushInterval(Duration.ofMillis(20)).build();
        ImServer server = backendSet.start(config, b -> b.withMessages(store, store.inner));
        try (WireClient alice = WireClient.tcp(server.tcpAddress()); WireClient bob = WireClient.tcp(server.tcpAddress())) {
            alice.login(server.tokens()::issue, "alice", DeviceType.IOS);
            bob.login(server.tokens()::issue, "bob", DeviceType.IOS);
            long group = GroupFlowSuite.createGroup(alice, "alice", "g", 1);
            GroupFlowSuite.ctrl(alice, "alice", CtrlSendRequest.Type.GROUP_ADDMEMBERS, group, "bob");
            alice.send(CmdId.C2G_SEND_REQ, C2GSendRequest.newBuilder().setFrom("alice").setGroup(group)
                    .setContent("hi").setClientMsgId(2).build());
            alice.await(CmdId.C2G_SEND_RESP);
            long msgid = bob.await(CmdId.C2G_PUSH_REQ).bodyAs(C2GPushRequest.class).getMsgid();
            bob.send(CmdId.C2G_PUSH_RESP, C2GPushResponse.newBuilder().setMsgid(msgid).build());
            await().atMost(Duration.ofSeconds(5)).until(() -> server.metrics().ackFlushFailures() >= 2);
            assertFalse(store.isDelivered("bob", msgid), "the ack could not be stored yet");
            store.failing = false; // the store is back: the next periodic flush stores the buffered ack
            await().atMost(Duration.ofSeconds(5)).until(() -> store.isDelivered("bob", msgid));
        }
    }
}
