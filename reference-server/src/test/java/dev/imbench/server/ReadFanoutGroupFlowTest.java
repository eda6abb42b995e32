package dev.imbench.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.testsupport.WireClient;
import dev.imbench.protocol.pb.C2GSendRequest;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.CtrlSendRequest;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.PullMsg;
import dev.imbench.server.store.InMemoryMessageStore;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The group flows with read diffusion (one timeline row, per-member cursors), plus its join window. Memory
 * only: read diffusion needs the timelines on the message store's msgid sequence, and a server on another
 * store refuses to start in this mode.
 */
@ExtendWith(BackendSet.CloseAfterEach.class)
class ReadFanoutGroupFlowTest extends GroupFlowSuite {

    @Override
    FanoutMode mode() {
        return FanoutMode.READ;
    }

    @Override
    BackendSet backendSet() {
        return BackendSet.MEMORY;
    }

    @Test
    void shouldShowLateJoinerOnlyMessagesAfterJoining() throws Exception {
        start();
        try (WireClient alice = WireClient.tcp(server().tcpAddress()); WireClient dave = WireClient.tcp(server().tcpAddress())) {
            alice.login(server().tokens()::issue, "alice", DeviceType.IOS);
            long group = createGroup(alice, "alice", "g", 1);
            ctrl(alice, "alice", CtrlSendRequest.Type.GROUP_ADDMEMBERS, group, "bob");
            alice.send(CmdId.C2G_SEND_REQ, C2GSendRequest.newBuilder().setFrom("alice").setGroup(group)
                    .setContent("before dave").setClientMsgId(2).build());
            alice.await(CmdId.C2G_SEND_RESP);
            ctrl(alice, "alice", CtrlSendRequest.Type.GROUP_ADDMEMBERS, group, "dave");
            alice.send(CmdId.C2G_SEND_REQ, C2GSendRequest.newBuilder().setFrom("alice").setGroup(group)
                    .setContent("after dave").setClientMsgId(3).build());
            alice.await(CmdId.C2G_SEND_RESP);
            dave.login(server().tokens()::issue, "dave", DeviceType.IOS);
            assertEquals(java.util.List.of("dave", "after dave"),
                    pullAll(dave).stream().map(PullMsg::getContent).toList());
        }
    }

    @Test
    void shouldRefuseToStartOnMysqlStorageWithAClearError() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BackendSet.MYSQL_REDIS.start(ServerConfig.builder().fanoutMode(FanoutMode.READ).build()));
        assertTrue(e.getMessage().contains("fanoutMode READ is not supported on this message store (MysqlMessageStore)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("use fanoutMode: WRITE"), e.getMessage());
    }

    @Test
    void shouldRefuseTimelinesOffTheMessageStoresSequence() {
        Backends split = Backends.inMemory().withMessages(new InMemoryMessageStore(), new InMemoryMessageStore());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImServer.start(
                ServerConfig.builder().fanoutMode(FanoutMode.READ).build(), split, Clock.systemUTC()));
        assertTrue(e.getMessage().contains("fanoutMode READ"), e.getMessage());
    }
}
