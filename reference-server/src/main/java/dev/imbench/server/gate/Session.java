package dev.imbench.server.gate;

import com.google.protobuf.Message;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.ErrorCode;
import dev.imbench.protocol.pb.ErrorResponse;
import dev.imbench.server.metrics.ServerMetrics;
import dev.imbench.server.route.Route;
import io.netty.channel.Channel;
import io.netty.util.AttributeKey;
import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

/**
 * One client connection on this gate: the channel, and once authenticated its uid, device type and
 * route. Small on purpose (a handful of fields, no buffers): a million of them must fit in a few GiB.
 * Methods may be called from any thread; writes go through Netty's thread-safe channel writes.
 */
public final class Session {

    /** The channel attribute holding a channel's session. */
    public static final AttributeKey<Session> KEY = AttributeKey.valueOf("imbench.session");

    private static final AtomicIntegerFieldUpdater<Session> PUSH_SEQ =
            AtomicIntegerFieldUpdater.newUpdater(Session.class, "pushSeq");

    private final Channel channel;
    private final long id;
    private final ServerMetrics metrics;
    private volatile Route route;
    private volatile int pushSeq;

    Session(Channel channel, long id, ServerMetrics metrics) {
        this.channel = channel;
        this.id = id;
        this.metrics = metrics;
    }

    /** Gate-local session id (what a route names). */
    public long id() {
        return id;
    }

    /** The route once authenticated, else null. */
    public Route route() {
        return route;
    }

    /** Whether auth succeeded on this connection (and no logout happened since). */
    public boolean authenticated() {
        return route != null;
    }

    /** The authenticated uid, or null. */
    public String uid() {
        Route r = route;
        return r == null ? null : r.uid();
    }

    /** The authenticated device type, or null. */
    public DeviceType deviceType() {
        Route r = route;
        return r == null ? null : r.deviceType();
    }

    /** Marks the session authenticated with {@code route} (or logged out with null). */
    public void route(Route route) {
        this.route = route;
    }

    /** The underlying channel. */
    public Channel channel() {
        return channel;
    }

    /** Whether the connection is open. */
    public boolean isOpen() {
        return channel.isActive();
    }

    /** Writes and flushes a frame. */
    public void send(Frame frame) {
        metrics.frameOut(frame.cmd());
        channel.writeAndFlush(frame, channel.voidPromise());
    }

    /** Answers a request with its response cmdId and the request's seq. */
    public void reply(Frame request, Message body) {
        send(Frame.of(request.responseCmd(), request.seq(), body));
    }

    /** Answers a request (by seq and cmdId number) with an ERROR_RESP. */
    public void error(int seq, int requestCmd, ErrorCode code, String message) {
        send(errorFrame(seq, requestCmd, code, message));
    }

    /** The ERROR_RESP frame answering request {@code seq}. */
    public static Frame errorFrame(int seq, int requestCmd, ErrorCode code, String message) {
        return Frame.of(CmdId.ERROR_RESP, seq, ErrorResponse.newBuilder()
                .setCode(code).setMessage(message).setRequestCmd(requestCmd).build());
    }

    /**
     * Pushes a server-initiated request with the next push seq. A client whose outbound buffer is over
     * the high water mark cannot take a push: its connection is closed instead, so the client never
     * sees a later push after a skipped one (its pull cursor, the largest msgid it received, would
     * then skip the missed row); it reconnects and pulls. The row stays in the inbox.
     *
     * @return true if written, false if the session is closed or was closed for backpressure
     */
    public boolean push(CmdId cmd, Message body) {
        if (!channel.isActive()) {
            return false;
        }
        if (!channel.isWritable()) {
            metrics.backpressure();
            channel.close();
            return false;
        }
        Frame f = Frame.of(cmd, PUSH_SEQ.incrementAndGet(this), body);
        metrics.frameOut(cmd);
        // Always queue behind earlier tasks (even on the channel's own loop), so pushes leave in call order.
        try {
            channel.eventLoop().execute(() -> channel.writeAndFlush(f, channel.voidPromise()));
        } catch (RejectedExecutionException e) {
            return false; // the gate is shutting down
        }
        return true;
    }

    /** Closes the connection after {@code grace} (lets a last frame such as kickout arrive first). */
    public void closeAfter(Duration grace) {
        if (grace.isZero()) {
            channel.close();
        } else {
            channel.eventLoop().schedule(() -> channel.close(), grace.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public String toString() {
        return "Session[" + id + ", " + route + "]";
    }
}
