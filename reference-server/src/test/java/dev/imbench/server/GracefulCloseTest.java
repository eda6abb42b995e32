package dev.imbench.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.testsupport.WireClient;
import dev.imbench.protocol.pb.C2GPushRequest;
import dev.imbench.protocol.pb.C2GPushResponse;
import dev.imbench.protocol.pb.C2GSendRequest;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.CtrlSendRequest;
import dev.imbench.protocol.pb.DeviceType;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/** close(): sessions closed, routes removed, buffered delivery acks flushed. */
@EachBackendSet
class GracefulCloseTest {

    @Parameter
    BackendSet backendSet;

    @Test
    void shouldCloseSessionsAndFlushBufferedAcksOnClose() throws Exception {
        ImServer server = backendSet.start(ServerConfig.builder().ackFlushInterval(Duration.ofHours(1)).build());
        try (WireClient alice = WireClient.tcp(server.tcpAddress()); WireClient bob = WireClient.tcp(server.tcpAddress())) {
            alice.login(server.tokens()::issue, "alice", DeviceType.IOS);
            bob.login(server.tokens()::issue, "bob", DeviceType.IOS);
            long group = GroupFlowSuite.createGroup(alice, "alice", "g", 1);
            GroupFlowSuite.ctrl(alice, "alice", CtrlSendRequest.Type.GROUP_ADDMEMBERS, group, "bob");
            alice.send(CmdId.C2G_SEND_REQ, C2GSendRequest.newBuilder().setFrom("alice").setGroup(group)
                    .setContent("x").setClientMsgId(2).build());
            long msgid = bob.await(CmdId.C2G_PUSH_REQ).bodyAs(C2GPushRequest.class).getMsgid();
            bob.send(CmdId.C2G_PUSH_RESP, C2GPushResponse.newBuilder().setMsgid(msgid).build());
            await().until(() -> server.metrics().registry().get("imbench_frames_in").tag("cmd", "C2G_PUSH_RESP")
                    .counter().count() == 1);
            assertFalse(server.backends().messages().isDelivered("bob", msgid), "still in the ack buffer");

            server.close();

            assertTrue(server.backends().messages().isDelivered("bob", msgid), "flushed on close");
            alice.awaitClosed();
            bob.awaitClosed();
            assertTrue(server.backends().presence().routes("bob").isEmpty());
            assertEquals(0, server.sessionCount());
        }
    }
}
