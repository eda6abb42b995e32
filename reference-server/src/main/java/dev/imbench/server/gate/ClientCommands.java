package dev.imbench.server.gate;

import dev.imbench.protocol.pb.CmdId;

/** Which cmdIds a client may send: its requests and its answers to the server's pushes. */
final class ClientCommands {

    private ClientCommands() {
    }

    static boolean acceptsFromClient(CmdId cmd) {
        return switch (cmd) {
            case KEEPALIVE_REQ, AUTH_REQ, LOGOUT_REQ, C2C_SEND_REQ, C2G_SEND_REQ, PULL_REQ, CTRL_SEND_REQ,
                 C2S_SEND_REQ, KICKOUT_RESP, C2C_PUSH_RESP, C2G_PUSH_RESP, CTRL_PUSH_RESP, S2C_PUSH_RESP -> true;
            default -> false;
        };
    }
}
