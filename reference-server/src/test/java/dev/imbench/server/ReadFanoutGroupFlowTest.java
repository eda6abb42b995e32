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
import dev.imbench.server.backends.LiveServices;
import dev.imbench.server.store.InMemoryMessageStore;
import dev.imbench.server.store.mysql.MysqlMessageStore;
import dev.imbench.server.store.mysql.MysqlShards;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * The group flows with read diffusion (one timeline row, per-member cursors), plus its join window, on each back-end
 * set: on MySQL the store is opened with one msgid sequence for inboxes and group timelines.
 */
@EachBackendSet
class ReadFanoutGroupFlowTest extends GroupFlowSuite {

    @Parameter
    BackendSet backendSet;

    @Override
    FanoutMode mode() {
        return FanoutMode.READ;
    }

    @Override
    BackendSet backendSet() {
        return backendSet;
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
    void shouldRefuseAStoreNumberingInboxesPerRecipientWithAClearError() {
        LiveServices.requireMysql();
        MysqlShards shards = BackendSet.closeAfterTest(MysqlShards.open(MysqlShards.urls(
                LiveServices.mysqlTestPrefix("imbench_suite_shard_"), BackendSet.SHARDS), "root", "", 4));
        MysqlMessageStore perRecipient = BackendSet.closeAfterTest(new MysqlMessageStore(shards));
        ServerBackends b = ServerBackends.inMemory().withMessages(perRecipient, new InMemoryMessageStore());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ImServer.start(ServerConfig.builder().fanoutMode(FanoutMode.READ).build(), b, Clock.systemUTC()));
        assertTrue(e.getMessage().contains("fanoutMode READ is not supported on this message store (MysqlMessageStore)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("use fanoutMode: WRITE"), e.getMessage());
        IllegalStateException none = assertThrows(IllegalStateException.class, perRecipient::timelines);
        assertTrue(none.getMessage().contains("forReadFanout"), none.getMessage());
    }

    @Test
    void shouldRefuseTimelinesOffTheMessageStoresSequence() {
        ServerBackends split = ServerBackends.inMemory()
                .withMessages(new InMemoryMessageStore(), new InMemoryMessageStore());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ImServer.start(
                ServerConfig.builder().fanoutMode(FanoutMode.READ).build(), split, Clock.systemUTC()));
        assertTrue(e.getMessage().contains("fanoutMode READ"), e.getMessage());
    }
}
