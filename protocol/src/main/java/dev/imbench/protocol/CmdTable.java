package dev.imbench.protocol;

import com.google.protobuf.Message;
import com.google.protobuf.Parser;
import dev.imbench.protocol.pb.*;
import java.util.EnumMap;
import java.util.Map;

/**
 * The body type of every cmdId, and the request/response pairing: a request
 * has an odd cmdId, its response is that cmdId + 1. {@code ERROR_RESP} answers
 * any request.
 */
public final class CmdTable {

    private static final Map<CmdId, Message> BODIES = new EnumMap<>(CmdId.class);

    static {
        BODIES.put(CmdId.KEEPALIVE_REQ, Keepalive.getDefaultInstance());
        BODIES.put(CmdId.KEEPALIVE_RESP, Keepalive.getDefaultInstance());
        BODIES.put(CmdId.AUTH_REQ, AuthRequest.getDefaultInstance());
        BODIES.put(CmdId.AUTH_RESP, AuthResponse.getDefaultInstance());
        BODIES.put(CmdId.LOGOUT_REQ, LogoutRequest.getDefaultInstance());
        BODIES.put(CmdId.LOGOUT_RESP, LogoutResponse.getDefaultInstance());
        BODIES.put(CmdId.KICKOUT_REQ, KickoutRequest.getDefaultInstance());
        BODIES.put(CmdId.KICKOUT_RESP, KickoutResponse.getDefaultInstance());
        BODIES.put(CmdId.C2C_SEND_REQ, C2CSendRequest.getDefaultInstance());
        BODIES.put(CmdId.C2C_SEND_RESP, C2CSendResponse.getDefaultInstance());
        BODIES.put(CmdId.C2C_PUSH_REQ, C2CPushRequest.getDefaultInstance());
        BODIES.put(CmdId.C2C_PUSH_RESP, C2CPushResponse.getDefaultInstance());
        BODIES.put(CmdId.C2G_SEND_REQ, C2GSendRequest.getDefaultInstance());
        BODIES.put(CmdId.C2G_SEND_RESP, C2GSendResponse.getDefaultInstance());
        BODIES.put(CmdId.C2G_PUSH_REQ, C2GPushRequest.getDefaultInstance());
        BODIES.put(CmdId.C2G_PUSH_RESP, C2GPushResponse.getDefaultInstance());
        BODIES.put(CmdId.PULL_REQ, PullRequest.getDefaultInstance());
        BODIES.put(CmdId.PULL_RESP, PullResponse.getDefaultInstance());
        BODIES.put(CmdId.CTRL_SEND_REQ, CtrlSendRequest.getDefaultInstance());
        BODIES.put(CmdId.CTRL_SEND_RESP, CtrlSendResponse.getDefaultInstance());
        BODIES.put(CmdId.CTRL_PUSH_REQ, CtrlPushRequest.getDefaultInstance());
        BODIES.put(CmdId.CTRL_PUSH_RESP, CtrlPushResponse.getDefaultInstance());
        BODIES.put(CmdId.C2S_SEND_REQ, C2SSendRequest.getDefaultInstance());
        BODIES.put(CmdId.C2S_SEND_RESP, C2SSendResponse.getDefaultInstance());
        BODIES.put(CmdId.S2C_PUSH_REQ, S2CPushRequest.getDefaultInstance());
        BODIES.put(CmdId.S2C_PUSH_RESP, S2CPushResponse.getDefaultInstance());
        BODIES.put(CmdId.ERROR_RESP, ErrorResponse.getDefaultInstance());
    }

    private CmdTable() {
    }

    /** The cmdId for a wire number, or null if the number names no command. */
    public static CmdId lookup(int cmdId) {
        CmdId cmd = CmdId.forNumber(cmdId);
        return cmd == null || cmd == CmdId.CMD_UNSPECIFIED ? null : cmd;
    }

    /** The parser for the body of {@code cmd}. */
    public static Parser<? extends Message> parser(CmdId cmd) {
        return defaultBody(cmd).getParserForType();
    }

    /** The default (empty) body instance of {@code cmd}. */
    public static Message defaultBody(CmdId cmd) {
        Message body = BODIES.get(cmd);
        if (body == null) {
            throw new IllegalArgumentException("no body type for " + cmd);
        }
        return body;
    }

    /** Whether {@code cmd} is a request (odd number). */
    public static boolean isRequest(CmdId cmd) {
        return (cmd.getNumber() & 1) == 1;
    }

    /** The response to a request cmdId. */
    public static CmdId responseOf(CmdId request) {
        if (!isRequest(request)) {
            throw new IllegalArgumentException(request + " is not a request");
        }
        return CmdId.forNumber(request.getNumber() + 1);
    }

    /** The request a response cmdId answers; ERROR_RESP answers any and has none. */
    public static CmdId requestOf(CmdId response) {
        if (isRequest(response) || response == CmdId.ERROR_RESP) {
            throw new IllegalArgumentException(response + " has no single request");
        }
        return CmdId.forNumber(response.getNumber() - 1);
    }

    static void checkBody(CmdId cmd, Message body) {
        Message expected = defaultBody(cmd);
        if (expected.getClass() != body.getClass()) {
            throw new IllegalArgumentException(cmd + " carries " + expected.getDescriptorForType().getName()
                    + ", not " + body.getDescriptorForType().getName());
        }
    }
}
