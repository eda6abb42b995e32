package dev.imbench.server.gate;

import com.google.protobuf.Message;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.ErrorCode;
import dev.imbench.protocol.pb.ErrorResponse;
import dev.imbench.server.route.Route;
import java.time.Duration;

/**
 * One client connection as the logic sees it: who it is (once authenticated) and how to answer,
 * push to and close it. {@link ChannelSession} is a connection on this process's gate; in the split
 * topology a logic node reaches a connection on another process's gate through the internal link
 * ({@code cluster.RemoteSession}). Methods may be called from any thread.
 */
public interface Session {

    /** The id of the gate holding the connection. */
    String gateId();

    /** Gate-local session id (what a route names, with the gate id). */
    long id();

    /** The route once authenticated, else null. */
    Route route();

    /** Marks the session authenticated with {@code route} (or logged out / kicked with null). */
    void route(Route route);

    /** Whether auth succeeded on this connection (and no logout happened since). */
    default boolean authenticated() {
        return route() != null;
    }

    /** The authenticated uid, or null. */
    default String uid() {
        Route r = route();
        return r == null ? null : r.uid();
    }

    /** The authenticated device type, or null. */
    default DeviceType deviceType() {
        Route r = route();
        return r == null ? null : r.deviceType();
    }

    /** Epoch ms of the last frame the client sent, or -1 where this process cannot know (another gate holds it). */
    default long lastPacketAt() {
        return -1;
    }

    /** Whether the connection (or the link to its gate) is open. */
    boolean isOpen();

    /** Writes and flushes a frame (a response). */
    void send(Frame frame);

    /**
     * Pushes a server-initiated request with the connection's next push seq. Pushes leave in call
     * order. A client that cannot take a push (its outbound buffer is over the high water mark) is
     * disconnected instead, so it never sees a later push after a skipped one; it reconnects and
     * pulls, the row stays in the inbox.
     *
     * @return true if written (or handed to the connection's gate), false if closed
     */
    boolean push(CmdId cmd, Message body);

    /** Closes the connection after {@code grace} (lets a last frame such as kickout arrive first). */
    void closeAfter(Duration grace);

    /** Answers a request with its response cmdId and the request's seq. */
    default void reply(Frame request, Message body) {
        send(Frame.of(request.responseCmd(), request.seq(), body));
    }

    /** Answers a request (by seq and cmdId number) with an ERROR_RESP. */
    default void error(int seq, int requestCmd, ErrorCode code, String message) {
        send(errorFrame(seq, requestCmd, code, message));
    }

    /** Longest error message sent, in characters (an error never echoes a large input). */
    int MAX_ERROR_MESSAGE = 300;

    /** The ERROR_RESP frame answering request {@code seq}; a longer message is cut to {@link #MAX_ERROR_MESSAGE}. */
    static Frame errorFrame(int seq, int requestCmd, ErrorCode code, String message) {
        String m = message == null ? "" : message.length() <= MAX_ERROR_MESSAGE ? message
                : message.substring(0, MAX_ERROR_MESSAGE - 1) + "…";
        return Frame.of(CmdId.ERROR_RESP, seq, ErrorResponse.newBuilder()
                .setCode(code).setMessage(m).setRequestCmd(requestCmd).build());
    }
}
