package dev.imbench.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imbench.protocol.pb.C2GSendRequest;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.CtrlSendRequest;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.PullMsg;
import org.junit.jupiter.api.Test;

/** The group flows with read diffusion (one timeline row, per-member cursors), plus its join window. */
class ReadFanoutGroupFlowTest extends GroupFlowSuite {

    @Override
    FanoutMode mode() {
        return FanoutMode.READ;
    }

    @Test
    void shouldShowLateJoinerOnlyMessagesAfterJoining() throws Exception {
        start();
        try (TestClient alice = TestClient.tcp(server()); TestClient dave = TestClient.tcp(server())) {
            alice.login(server(), "alice", DeviceType.IOS);
            long group = createGroup(alice, "alice", "g", 1);
            ctrl(alice, "alice", CtrlSendRequest.Type.GROUP_ADDMEMBERS, group, "bob");
            alice.send(CmdId.C2G_SEND_REQ, C2GSendRequest.newBuilder().setFrom("alice").setGroup(group)
                    .setContent("before dave").setClientMsgId(2).build());
            alice.await(CmdId.C2G_SEND_RESP);
            ctrl(alice, "alice", CtrlSendRequest.Type.GROUP_ADDMEMBERS, group, "dave");
            alice.send(CmdId.C2G_SEND_REQ, C2GSendRequest.newBuilder().setFrom("alice").setGroup(group)
                    .setContent("after dave").setClientMsgId(3).build());
            alice.await(CmdId.C2G_SEND_RESP);
            dave.login(server(), "dave", DeviceType.IOS);
            assertEquals(java.util.List.of("dave", "after dave"),
                    pullAll(dave).stream().map(PullMsg::getContent).toList());
        }
    }
}
