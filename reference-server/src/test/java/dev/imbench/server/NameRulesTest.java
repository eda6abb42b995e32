package dev.imbench.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.testsupport.WireClient;
import dev.imbench.protocol.pb.AuthResponse;
import dev.imbench.protocol.pb.C2CPushRequest;
import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.CtrlSendRequest;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.ErrorCode;
import dev.imbench.protocol.pb.ErrorResponse;
import dev.imbench.server.store.Envelope;
import dev.imbench.server.store.SendReceipt;
import java.sql.SQLSyntaxErrorException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * One name rule on every back end: uids (login, recipients, members) of 1-64 characters of
 * A-Z a-z 0-9 . _ - @ : +, checked before any store sees them; a back end's error text (SQL, schema)
 * never reaches a client.
 */
@EachBackendSet
class NameRulesTest {

    @Parameter
    BackendSet backendSet;

    private static final String LONGEST = "u".repeat(64);
    private static final String TOO_LONG = "u".repeat(65);

    @Test
    void shouldRefuseABadUidAtLoginWithTheRule() throws Exception {
        try (ImServer server = backendSet.start(ServerConfig.defaults());
             WireClient c = WireClient.tcp(server.tcpAddress())) {
            for (String bad : new String[] {TOO_LONG, "a b", "a\nb", "Ωmega", "a,b"}) {
                AuthResponse r = c.auth(server.tokens().issueUntil(bad.replace('\n', '_'), DeviceType.IOS,
                        System.currentTimeMillis() + 60_000), bad);
                assertEquals(ErrorCode.ERR_MALFORMED_FRAME, r.getErrCode(), bad + ": " + r.getErrMsg());
                assertTrue(r.getErrMsg().contains("1-64 characters"), r.getErrMsg());
            }
            assertTrue(server.backends().presence().routes(TOO_LONG).isEmpty());
        }
    }

    @Test
    void shouldCarryTheLongestUidThroughEveryStoreAndRefuseALongerRecipient() throws Exception {
        try (ImServer server = backendSet.start(ServerConfig.defaults());
             WireClient a = WireClient.tcp(server.tcpAddress());
             WireClient b = WireClient.tcp(server.tcpAddress())) {
            a.login(server.tokens()::issue, LONGEST, DeviceType.IOS);
            b.login(server.tokens()::issue, "b" + LONGEST.substring(1), DeviceType.IOS);
            a.send(CmdId.C2C_SEND_REQ, C2CSendRequest.newBuilder().setFrom(LONGEST).setTo("b" + LONGEST.substring(1))
                    .setContent("fits").setClientMsgId(1).build());
            a.await(CmdId.C2C_SEND_RESP);
            assertEquals(LONGEST, b.await(CmdId.C2C_PUSH_REQ).bodyAs(C2CPushRequest.class).getFrom());

            a.send(CmdId.C2C_SEND_REQ, C2CSendRequest.newBuilder().setFrom(LONGEST).setTo(TOO_LONG)
                    .setContent("no").setClientMsgId(2).build());
            assertEquals(ErrorCode.ERR_MALFORMED_FRAME, a.await(CmdId.ERROR_RESP).bodyAs(ErrorResponse.class).getCode());
            a.send(CmdId.CTRL_SEND_REQ, CtrlSendRequest.newBuilder().setFrom(LONGEST)
                    .setType(CtrlSendRequest.Type.CREATE_GROUP).setContent("g").setClientMsgId(3).build());
            String group = a.await(CmdId.CTRL_SEND_RESP).bodyAs(dev.imbench.protocol.pb.CtrlSendResponse.class).getContent();
            a.send(CmdId.CTRL_SEND_REQ, CtrlSendRequest.newBuilder().setFrom(LONGEST).setTo(group)
                    .setType(CtrlSendRequest.Type.GROUP_ADDMEMBERS).setContent("ok," + TOO_LONG).setClientMsgId(4).build());
            ErrorResponse members = a.await(CmdId.ERROR_RESP).bodyAs(ErrorResponse.class);
            assertEquals(ErrorCode.ERR_MALFORMED_FRAME, members.getCode(), members.getMessage());
        }
    }

    @Test
    void shouldNeverShowABackEndsErrorTextToTheClient() throws Exception {
        DelegatingMessageStore failing = new DelegatingMessageStore() {
            @Override
            public SendReceipt recordSend(Envelope envelope) {
                throw new IllegalStateException("insert failed", new SQLSyntaxErrorException(
                        "Data too long for column 'msg_to' at row 1: INSERT INTO imbench_shard_0.im_message_send"));
            }
        };
        try (ImServer server = backendSet.start(ServerConfig.defaults(), b -> b.withMessages(failing, failing.inner));
             WireClient a = WireClient.tcp(server.tcpAddress())) {
            a.login(server.tokens()::issue, "alice", DeviceType.IOS);
            a.send(CmdId.C2C_SEND_REQ, C2CSendRequest.newBuilder().setFrom("alice").setTo("bob").setContent("x")
                    .setClientMsgId(1).build());
            ErrorResponse e = a.await(CmdId.ERROR_RESP).bodyAs(ErrorResponse.class);
            assertEquals(ErrorCode.ERR_STORE_FAILED, e.getCode());
            assertFalse(e.getMessage().contains("INSERT") || e.getMessage().contains("imbench_shard")
                    || e.getMessage().contains("column"), e.getMessage());
            assertTrue(e.getMessage().contains("SQLSyntaxErrorException"), e.getMessage());
        }
    }

    @Test
    void shouldRefuseToGrowAGroupPastMaxGroupMembers() throws Exception {
        try (ImServer server = backendSet.start(ServerConfig.builder().maxGroupMembers(3).build());
             WireClient a = WireClient.tcp(server.tcpAddress())) {
            a.login(server.tokens()::issue, "owner", DeviceType.IOS);
            a.send(CmdId.CTRL_SEND_REQ, CtrlSendRequest.newBuilder().setFrom("owner")
                    .setType(CtrlSendRequest.Type.CREATE_GROUP).setContent("g").setClientMsgId(1).build());
            String group = a.await(CmdId.CTRL_SEND_RESP).bodyAs(dev.imbench.protocol.pb.CtrlSendResponse.class).getContent();
            a.send(CmdId.CTRL_SEND_REQ, CtrlSendRequest.newBuilder().setFrom("owner").setTo(group)
                    .setType(CtrlSendRequest.Type.GROUP_ADDMEMBERS).setContent("m1,m2").setClientMsgId(2).build());
            a.await(CmdId.CTRL_SEND_RESP);
            a.send(CmdId.CTRL_SEND_REQ, CtrlSendRequest.newBuilder().setFrom("owner").setTo(group)
                    .setType(CtrlSendRequest.Type.GROUP_ADDMEMBERS).setContent("m3").setClientMsgId(3).build());
            ErrorResponse full = a.await(CmdId.ERROR_RESP).bodyAs(ErrorResponse.class);
            assertTrue(full.getMessage().contains("maxGroupMembers"), full.getMessage());
            assertEquals(3, server.backends().groups().members(Long.parseLong(group)).size());
        }
    }
}
