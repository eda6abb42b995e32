package dev.imbench.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.testsupport.WireClient;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.C2CPushRequest;
import dev.imbench.protocol.pb.C2CPushResponse;
import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.C2CSendResponse;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.server.push.RecordingPushNotifier;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/** The c2c flow end to end over real TCP sockets. */
@EachBackendSet
class C2cFlowTest {

    @Parameter
    BackendSet backendSet;

    private ImServer server;

    @BeforeEach
    void start() {
        server = backendSet.start(ServerConfig.builder().offlinePushDelay(Duration.ofMillis(300)).build());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static C2CSendRequest msg(String from, String to, String text, long clientMsgId) {
        return C2CSendRequest.newBuilder().setFrom(from).setTo(to).setContent(text).setClientMsgId(clientMsgId).build();
    }

    @Test
    void shouldAckSenderThenPushToRecipientAndMarkDeliveredAfterClientAck() throws Exception {
        try (WireClient alice = WireClient.tcp(server.tcpAddress()); WireClient bob = WireClient.tcp(server.tcpAddress())) {
            alice.login(server.tokens()::issue, "alice", DeviceType.IOS);
            bob.login(server.tokens()::issue, "bob", DeviceType.ANDROID);

            int seq = alice.send(CmdId.C2C_SEND_REQ, msg("alice", "bob", "hi", 7));
            Frame ack = alice.await(CmdId.C2C_SEND_RESP);
            assertEquals(seq, ack.seq());
            C2CSendResponse sent = ack.bodyAs(C2CSendResponse.class);
            assertEquals(7, sent.getClientMsgId());
            assertTrue(sent.getMsgid() > 0);

            C2CPushRequest push = bob.await(CmdId.C2C_PUSH_REQ).bodyAs(C2CPushRequest.class);
            assertEquals("alice", push.getFrom());
            assertEquals("hi", push.getContent());
            assertEquals(7, push.getClientMsgId());
            // The row is stored before the sender is acked, and not delivered until bob acks.
            assertFalse(server.backends().messages().isDelivered("bob", push.getMsgid()));

            bob.send(CmdId.C2C_PUSH_RESP, C2CPushResponse.newBuilder().setMsgid(push.getMsgid()).build());
            await().atMost(Duration.ofSeconds(5))
                    .until(() -> server.backends().messages().isDelivered("bob", push.getMsgid()));
        }
    }

    @Test
    void shouldStoreResentClientMsgIdOnceAndAnswerSameMsgid() throws Exception {
        long first;
        try (WireClient alice = WireClient.tcp(server.tcpAddress()); WireClient bob = WireClient.tcp(server.tcpAddress())) {
            alice.login(server.tokens()::issue, "alice", DeviceType.IOS);
            bob.login(server.tokens()::issue, "bob", DeviceType.IOS);
            alice.send(CmdId.C2C_SEND_REQ, msg("alice", "bob", "once", 42));
            first = alice.await(CmdId.C2C_SEND_RESP).bodyAs(C2CSendResponse.class).getMsgid();
            bob.await(CmdId.C2C_PUSH_REQ);
        }
        // Reconnect (the ack was "lost") and resend the same client_msg_id, twice.
        try (WireClient alice = WireClient.tcp(server.tcpAddress())) {
            alice.login(server.tokens()::issue, "alice", DeviceType.IOS);
            for (int i = 0; i < 2; i++) {
                alice.send(CmdId.C2C_SEND_REQ, msg("alice", "bob", "once", 42));
                assertEquals(first, alice.await(CmdId.C2C_SEND_RESP).bodyAs(C2CSendResponse.class).getMsgid());
            }
            assertEquals(1, server.backends().messages().page("bob", 0, 10).size(), "stored once");
        }
    }

    @Test
    void shouldPushAResentMessageAgainUntilItsRecipientAcksIt() throws Exception {
        try (WireClient alice = WireClient.tcp(server.tcpAddress()); WireClient bob = WireClient.tcp(server.tcpAddress())) {
            alice.login(server.tokens()::issue, "alice", DeviceType.IOS);
            bob.login(server.tokens()::issue, "bob", DeviceType.IOS);
            alice.send(CmdId.C2C_SEND_REQ, msg("alice", "bob", "again", 9));
            alice.await(CmdId.C2C_SEND_RESP);
            long msgid = bob.await(CmdId.C2C_PUSH_REQ).bodyAs(C2CPushRequest.class).getMsgid();
            // bob never acked it (the push was lost on its way): alice's resend pushes the same row again
            alice.send(CmdId.C2C_SEND_REQ, msg("alice", "bob", "again", 9));
            alice.await(CmdId.C2C_SEND_RESP);
            C2CPushRequest again = bob.await(CmdId.C2C_PUSH_REQ).bodyAs(C2CPushRequest.class);
            assertEquals(msgid, again.getMsgid(), "the same row, not a new one");
            assertEquals("again", again.getContent());

            bob.send(CmdId.C2C_PUSH_RESP, C2CPushResponse.newBuilder().setMsgid(msgid).build());
            await().atMost(Duration.ofSeconds(10)).until(() -> server.backends().messages().isDelivered("bob", msgid));
            alice.send(CmdId.C2C_SEND_REQ, msg("alice", "bob", "again", 9));
            alice.await(CmdId.C2C_SEND_RESP);
            assertNull(bob.poll(300), "an acknowledged row is not pushed again");
            assertEquals(1, server.backends().messages().page("bob", 0, 10).size(), "stored once");
        }
    }

    @Test
    void shouldSendOfflineNotificationWhenRecipientNeverAcks() throws Exception {
        try (WireClient alice = WireClient.tcp(server.tcpAddress()); WireClient bob = WireClient.tcp(server.tcpAddress())) {
            alice.login(server.tokens()::issue, "alice", DeviceType.IOS);
            bob.login(server.tokens()::issue, "bob", DeviceType.IOS);
            alice.send(CmdId.C2C_SEND_REQ, msg("alice", "bob", "ping", 1));
            alice.await(CmdId.C2C_SEND_RESP);
            long msgid = bob.await(CmdId.C2C_PUSH_REQ).bodyAs(C2CPushRequest.class).getMsgid();
            RecordingPushNotifier notifier = (RecordingPushNotifier) server.backends().notifier();
            await().atMost(Duration.ofSeconds(5)).until(() -> notifier.total() == 1);
            assertEquals("bob", notifier.notices().get(0).uid());
            assertEquals(msgid, notifier.notices().get(0).msgid());
        }
    }

    @Test
    void shouldNotNotifyOfflineWhenRecipientAckedInTime() throws Exception {
        try (WireClient alice = WireClient.tcp(server.tcpAddress()); WireClient bob = WireClient.tcp(server.tcpAddress())) {
            alice.login(server.tokens()::issue, "alice", DeviceType.IOS);
            bob.login(server.tokens()::issue, "bob", DeviceType.IOS);
            alice.send(CmdId.C2C_SEND_REQ, msg("alice", "bob", "ping", 1));
            long msgid = bob.await(CmdId.C2C_PUSH_REQ).bodyAs(C2CPushRequest.class).getMsgid();
            bob.send(CmdId.C2C_PUSH_RESP, C2CPushResponse.newBuilder().setMsgid(msgid).build());
            alice.send(CmdId.C2C_SEND_REQ, msg("alice", "carol", "to offline carol", 2));
            RecordingPushNotifier notifier = (RecordingPushNotifier) server.backends().notifier();
            // carol is offline: her notice fires after the delay; bob's acked message never does.
            await().atMost(Duration.ofSeconds(5)).until(() -> notifier.total() >= 1);
            assertTrue(notifier.notices().stream().allMatch(n -> n.uid().equals("carol")));
        }
    }
}
