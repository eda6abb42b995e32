package dev.imbench.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.testsupport.WireClient;
import dev.imbench.protocol.pb.C2GPushRequest;
import dev.imbench.protocol.pb.C2GPushResponse;
import dev.imbench.protocol.pb.C2GSendRequest;
import dev.imbench.protocol.pb.C2GSendResponse;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.CtrlPushRequest;
import dev.imbench.protocol.pb.CtrlSendRequest;
import dev.imbench.protocol.pb.CtrlSendResponse;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.ErrorCode;
import dev.imbench.protocol.pb.ErrorResponse;
import dev.imbench.protocol.pb.PullMsg;
import dev.imbench.protocol.pb.PullRequest;
import dev.imbench.protocol.pb.PullResponse;
import dev.imbench.server.push.RecordingPushNotifier;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Group control and c2g fan-out over TCP; run once per fan-out mode by its subclasses. */
abstract class GroupFlowSuite {

    /** The fan-out mode under test. */
    abstract FanoutMode mode();

    /** The back ends the server runs on. */
    abstract BackendSet backendSet();

    private ImServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    ImServer server() {
        return server;
    }

    ImServer start() {
        server = backendSet().start(ServerConfig.builder().offlinePushDelay(Duration.ofMillis(400))
                .ackFlushInterval(Duration.ofMillis(20)).fanoutMode(mode()).build());
        return server;
    }

    static long createGroup(WireClient owner, String uid, String name, long clientMsgId) throws InterruptedException {
        owner.send(CmdId.CTRL_SEND_REQ, CtrlSendRequest.newBuilder().setFrom(uid)
                .setType(CtrlSendRequest.Type.CREATE_GROUP).setContent(name).setClientMsgId(clientMsgId).build());
        return Long.parseLong(owner.await(CmdId.CTRL_SEND_RESP).bodyAs(CtrlSendResponse.class).getContent());
    }

    static void ctrl(WireClient c, String from, CtrlSendRequest.Type type, long group, String content)
            throws InterruptedException {
        c.send(CmdId.CTRL_SEND_REQ, CtrlSendRequest.newBuilder().setFrom(from).setType(type)
                .setTo(Long.toString(group)).setContent(content).build());
        c.await(CmdId.CTRL_SEND_RESP);
    }

    static List<PullMsg> pullAll(WireClient c) throws InterruptedException {
        List<PullMsg> all = new ArrayList<>();
        long cursor = 0;
        while (true) {
            c.send(CmdId.PULL_REQ, PullRequest.newBuilder().setOffset(cursor).build());
            PullResponse page = c.await(CmdId.PULL_RESP).bodyAs(PullResponse.class);
            if (page.getMsgsCount() == 0) {
                return all;
            }
            all.addAll(page.getMsgsList());
            cursor = page.getMsgs(page.getMsgsCount() - 1).getMsgid();
        }
    }

    @Test
    void shouldAckSenderThenWriteOneRowPerMemberAndPushToOnlineMembers() throws Exception {
        start();
        try (WireClient alice = WireClient.tcp(server.tcpAddress()); WireClient bob = WireClient.tcp(server.tcpAddress())) {
            alice.login(server.tokens()::issue, "alice", DeviceType.IOS);
            bob.login(server.tokens()::issue, "bob", DeviceType.IOS);
            long group = createGroup(alice, "alice", "friends", 1);
            ctrl(alice, "alice", CtrlSendRequest.Type.GROUP_ADDMEMBERS, group, "bob, carol");
            CtrlPushRequest added = bob.await(CmdId.CTRL_PUSH_REQ).bodyAs(CtrlPushRequest.class);
            assertEquals(CtrlSendRequest.Type.GROUP_ADDMEMBERS, added.getType());

            alice.send(CmdId.C2G_SEND_REQ, C2GSendRequest.newBuilder().setFrom("alice").setGroup(group)
                    .setContent("hello group").setClientMsgId(2).build());
            C2GSendResponse ack = alice.await(CmdId.C2G_SEND_RESP).bodyAs(C2GSendResponse.class);
            assertTrue(ack.getMsgid() > 0);
            C2GPushRequest push = bob.await(CmdId.C2G_PUSH_REQ).bodyAs(C2GPushRequest.class);
            assertEquals(group, push.getGroup());
            assertEquals("hello group", push.getContent());

            // carol was offline: her row waits for pull (after the add-member notice).
            try (WireClient carol = WireClient.tcp(server.tcpAddress())) {
                carol.login(server.tokens()::issue, "carol", DeviceType.IOS);
                List<PullMsg> rows = pullAll(carol);
                assertEquals(List.of(CmdId.CTRL_PUSH_REQ_VALUE, CmdId.C2G_PUSH_REQ_VALUE),
                        rows.stream().map(PullMsg::getCmdid).toList());
                assertEquals("hello group", rows.get(1).getContent());
                assertEquals(group, rows.get(1).getGroup());
            }
            // The sender gets no copy of her own message.
            assertTrue(pullAll(alice).isEmpty());
        }
    }

    @Test
    void shouldRecordGroupAcksThroughTheBufferSoOnlyUnackedMembersAreNotified() throws Exception {
        start();
        try (WireClient alice = WireClient.tcp(server.tcpAddress()); WireClient bob = WireClient.tcp(server.tcpAddress());
             WireClient carol = WireClient.tcp(server.tcpAddress())) {
            alice.login(server.tokens()::issue, "alice", DeviceType.IOS);
            bob.login(server.tokens()::issue, "bob", DeviceType.IOS);
            carol.login(server.tokens()::issue, "carol", DeviceType.IOS);
            long group = createGroup(alice, "alice", "g", 1);
            ctrl(alice, "alice", CtrlSendRequest.Type.GROUP_ADDMEMBERS, group, "bob,carol");
            alice.send(CmdId.C2G_SEND_REQ, C2GSendRequest.newBuilder().setFrom("alice").setGroup(group)
                    .setContent("x").setClientMsgId(2).build());
            long bobsId = bob.await(CmdId.C2G_PUSH_REQ).bodyAs(C2GPushRequest.class).getMsgid();
            long carolsId = carol.await(CmdId.C2G_PUSH_REQ).bodyAs(C2GPushRequest.class).getMsgid();
            if (mode() == FanoutMode.READ) {
                assertEquals(bobsId, carolsId, "one timeline row for everyone");
            }
            bob.send(CmdId.C2G_PUSH_RESP, C2GPushResponse.newBuilder().setMsgid(bobsId).build());
            await().until(() -> mode() == FanoutMode.WRITE
                    ? server.backends().messages().isDelivered("bob", bobsId)
                    : server.backends().timelines().cursor("bob", group) >= bobsId);
            if (mode() == FanoutMode.WRITE) {
                // Each member has its own row (msgids number each inbox, so they may coincide across members).
                assertFalse(server.backends().messages().isDelivered("carol", carolsId), "carol's row is her own");
            }
            RecordingPushNotifier notifier = (RecordingPushNotifier) server.backends().notifier();
            await().until(() -> notifier.notices().stream().anyMatch(n -> n.uid().equals("carol")));
            assertTrue(notifier.notices().stream().noneMatch(n -> n.uid().equals("bob")));
        }
    }

    @Test
    void shouldStoreResentGroupMessageOnce() throws Exception {
        start();
        try (WireClient alice = WireClient.tcp(server.tcpAddress()); WireClient bob = WireClient.tcp(server.tcpAddress())) {
            alice.login(server.tokens()::issue, "alice", DeviceType.IOS);
            long group = createGroup(alice, "alice", "g", 1);
            ctrl(alice, "alice", CtrlSendRequest.Type.GROUP_ADDMEMBERS, group, "bob");
            C2GSendRequest m = C2GSendRequest.newBuilder().setFrom("alice").setGroup(group).setContent("once")
                    .setClientMsgId(9).build();
            alice.send(CmdId.C2G_SEND_REQ, m);
            long first = alice.await(CmdId.C2G_SEND_RESP).bodyAs(C2GSendResponse.class).getMsgid();
            alice.send(CmdId.C2G_SEND_REQ, m);
            assertEquals(first, alice.await(CmdId.C2G_SEND_RESP).bodyAs(C2GSendResponse.class).getMsgid());
            bob.login(server.tokens()::issue, "bob", DeviceType.IOS);
            assertEquals(1, pullAll(bob).stream().filter(p -> p.getCmdid() == CmdId.C2G_PUSH_REQ_VALUE).count());
        }
    }

    @Test
    void shouldRefuseNonMembersAndUnknownGroups() throws Exception {
        start();
        try (WireClient alice = WireClient.tcp(server.tcpAddress()); WireClient dave = WireClient.tcp(server.tcpAddress())) {
            alice.login(server.tokens()::issue, "alice", DeviceType.IOS);
            dave.login(server.tokens()::issue, "dave", DeviceType.IOS);
            long group = createGroup(alice, "alice", "g", 1);
            int s = dave.send(CmdId.C2G_SEND_REQ, C2GSendRequest.newBuilder().setFrom("dave").setGroup(group).build());
            assertEquals(ErrorCode.ERR_NOT_MEMBER, dave.await(CmdId.ERROR_RESP).bodyAs(ErrorResponse.class).getCode());
            dave.send(CmdId.C2G_SEND_REQ, C2GSendRequest.newBuilder().setFrom("dave").setGroup(group + 100).build());
            assertEquals(ErrorCode.ERR_NO_SUCH_GROUP, dave.await(CmdId.ERROR_RESP).bodyAs(ErrorResponse.class).getCode());
            assertTrue(s > 0);
            assertTrue(pullAll(alice).isEmpty(), "nothing stored");
        }
    }

    @Test
    void shouldPushAnnouncementExitAndDeleteToRemainingMembers() throws Exception {
        start();
        try (WireClient alice = WireClient.tcp(server.tcpAddress()); WireClient bob = WireClient.tcp(server.tcpAddress())) {
            alice.login(server.tokens()::issue, "alice", DeviceType.IOS);
            bob.login(server.tokens()::issue, "bob", DeviceType.IOS);
            long group = createGroup(alice, "alice", "g", 1);
            ctrl(alice, "alice", CtrlSendRequest.Type.GROUP_ADDMEMBERS, group, "bob,carol");
            bob.await(CmdId.CTRL_PUSH_REQ);
            ctrl(alice, "alice", CtrlSendRequest.Type.GROUP_MODIFY_ANNOUNCE, group, "be nice");
            CtrlPushRequest ann = bob.await(CmdId.CTRL_PUSH_REQ).bodyAs(CtrlPushRequest.class);
            assertEquals("be nice", ann.getContent());
            assertEquals("be nice", server.backends().groups().find(group).orElseThrow().announcement());

            bob.send(CmdId.CTRL_SEND_REQ, CtrlSendRequest.newBuilder().setFrom("bob")
                    .setType(CtrlSendRequest.Type.GROUP_DELETE).setTo(Long.toString(group)).build());
            assertEquals(ErrorCode.ERR_NOT_MEMBER, bob.await(CmdId.ERROR_RESP).bodyAs(ErrorResponse.class).getCode());

            ctrl(bob, "bob", CtrlSendRequest.Type.GROUP_EXIT, group, "");
            assertEquals(CtrlSendRequest.Type.GROUP_EXIT,
                    alice.await(CmdId.CTRL_PUSH_REQ).bodyAs(CtrlPushRequest.class).getType());
            assertEquals(List.of("alice", "carol"), server.backends().groups().members(group));

            ctrl(alice, "alice", CtrlSendRequest.Type.GROUP_DELETE, group, "");
            assertTrue(server.backends().groups().find(group).isEmpty());
        }
    }
}
