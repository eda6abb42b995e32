package dev.imbench.protocol;

import com.google.protobuf.Message;
import dev.imbench.protocol.pb.CmdId;
import java.util.Objects;

/**
 * One decoded frame: the header fields that matter plus the parsed body.
 * headLength and bodyLength are implied (20 and the body's serialized size).
 *
 * @param clientVersion SDK version of the sender
 * @param cmd           the command; its body type is fixed by {@link CmdTable}
 * @param seq           sender's sequence number; a response echoes its request's
 * @param body          the parsed protobuf body, never null (empty messages stand for "no body")
 */
public record Frame(int clientVersion, CmdId cmd, int seq, Message body) implements Decoded {

    /** The client version this build of the protocol writes. */
    public static final int CURRENT_CLIENT_VERSION = 1;

    /** Checks that the body is the type the cmdId names. */
    public Frame {
        Objects.requireNonNull(cmd, "cmd");
        Objects.requireNonNull(body, "body");
        CmdTable.checkBody(cmd, body);
    }

    /** A frame with the current client version. */
    public static Frame of(CmdId cmd, int seq, Message body) {
        return new Frame(CURRENT_CLIENT_VERSION, cmd, seq, body);
    }

    /** The body cast to the type the caller expects. */
    @SuppressWarnings("unchecked")
    public <T extends Message> T bodyAs(Class<T> type) {
        return type.cast(body);
    }

    /** The response cmdId for this request's cmdId (request + 1). */
    public CmdId responseCmd() {
        return CmdTable.responseOf(cmd);
    }
}
