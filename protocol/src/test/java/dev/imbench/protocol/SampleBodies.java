package dev.imbench.protocol;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import dev.imbench.protocol.pb.*;

/** A populated body for every cmdId, so round trips exercise real fields. */
final class SampleBodies {

    private SampleBodies() {
    }

    static Message of(CmdId cmd) {
        return switch (cmd) {
            case KEEPALIVE_REQ, KEEPALIVE_RESP -> Keepalive.getDefaultInstance();
            case AUTH_REQ -> AuthRequest.newBuilder().setToken("tok.en").setUid("u1").setTimestamp(1_700_000_000_000L)
                    .setDeviceType(DeviceType.ANDROID).build();
            case AUTH_RESP -> AuthResponse.newBuilder().setStatus(AuthResponse.Status.ERR)
                    .setErrCode(ErrorCode.ERR_TOKEN_EXPIRED).setErrMsg("expired").build();
            case LOGOUT_REQ -> LogoutRequest.newBuilder().setToken("t").setUid("u1").setTimestamp(5).build();
            case LOGOUT_RESP -> LogoutResponse.getDefaultInstance();
            case KICKOUT_REQ -> KickoutRequest.newBuilder().setReason(KickoutRequest.Reason.OTHER_LOGIN).build();
            case KICKOUT_RESP -> KickoutResponse.getDefaultInstance();
            case C2C_SEND_REQ -> C2CSendRequest.newBuilder().setFrom("u1").setTo("u2").setContent("hello 😀")
                    .setClientMsgId(1L << 32 | 7).build();
            case C2C_SEND_RESP -> C2CSendResponse.newBuilder().setMsgid(42).setTimestamp(9).setClientMsgId(7).build();
            case C2C_PUSH_REQ -> C2CPushRequest.newBuilder().setFrom("u1").setContent("hi").setMsgid(42)
                    .setTimestamp(9).setClientMsgId(7).build();
            case C2C_PUSH_RESP -> C2CPushResponse.newBuilder().setMsgid(42).build();
            case C2G_SEND_REQ -> C2GSendRequest.newBuilder().setFrom("u1").setGroup(1001).setContent("all")
                    .setClientMsgId(8).build();
            case C2G_SEND_RESP -> C2GSendResponse.newBuilder().setMsgid(43).setTimestamp(10).setClientMsgId(8).build();
            case C2G_PUSH_REQ -> C2GPushRequest.newBuilder().setFrom("u1").setGroup(1001).setContent("all")
                    .setMsgid(44).setTimestamp(10).setClientMsgId(8).build();
            case C2G_PUSH_RESP -> C2GPushResponse.newBuilder().setMsgid(44).build();
            case PULL_REQ -> PullRequest.newBuilder().setUid("u2").setOffset(41).setLimit(10).build();
            case PULL_RESP -> PullResponse.newBuilder()
                    .addMsgs(PullMsg.newBuilder().setFrom("u1").setContent("hi").setMsgid(42)
                            .setCmdid(CmdId.C2C_PUSH_REQ_VALUE).setSendTime(9).setClientMsgId(7))
                    .addMsgs(PullMsg.newBuilder().setFrom("u3").setGroup(1001).setContent("g").setMsgid(45)
                            .setCmdid(CmdId.C2G_PUSH_REQ_VALUE).setSendTime(11))
                    .build();
            case CTRL_SEND_REQ -> CtrlSendRequest.newBuilder().setFrom("u1")
                    .setType(CtrlSendRequest.Type.GROUP_ADDMEMBERS).setTo("1001").setContent("u2,u3").build();
            case CTRL_SEND_RESP -> CtrlSendResponse.newBuilder().setMsgid(46).setTimestamp(12).setContent("1001").build();
            case CTRL_PUSH_REQ -> CtrlPushRequest.newBuilder().setFrom("u1")
                    .setType(CtrlSendRequest.Type.GROUP_MODIFY_ANNOUNCE).setTo("1001").setMsgid(47)
                    .setContent("new rules").build();
            case CTRL_PUSH_RESP -> CtrlPushResponse.newBuilder().setMsgid(47).setTimestamp(13).build();
            case C2S_SEND_REQ -> C2SSendRequest.newBuilder().setFrom("u1").setBusiness("orders")
                    .setPayload(ByteString.copyFrom(new byte[] {1, 2, 3})).setClientMsgId(9).build();
            case C2S_SEND_RESP -> C2SSendResponse.newBuilder().setClientMsgId(9).setTimestamp(14).build();
            case S2C_PUSH_REQ -> S2CPushRequest.newBuilder().setBusiness("orders")
                    .setPayload(ByteString.copyFromUtf8("shipped")).setMsgid(48).setTimestamp(15).build();
            case S2C_PUSH_RESP -> S2CPushResponse.newBuilder().setMsgid(48).build();
            case ERROR_RESP -> ErrorResponse.newBuilder().setCode(ErrorCode.ERR_FORGED_FROM).setMessage("no")
                    .setRequestCmd(CmdId.C2C_SEND_REQ_VALUE).build();
            case CMD_UNSPECIFIED, UNRECOGNIZED -> throw new IllegalArgumentException(cmd.name());
        };
    }

    static CmdId[] commands() {
        return java.util.Arrays.stream(CmdId.values())
                .filter(c -> c != CmdId.CMD_UNSPECIFIED && c != CmdId.UNRECOGNIZED)
                .toArray(CmdId[]::new);
    }
}
