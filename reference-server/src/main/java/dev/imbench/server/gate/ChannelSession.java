package dev.imbench.server.gate;

import com.google.protobuf.Message;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.server.metrics.ServerMetrics;
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
public final class ChannelSession extends SessionIdentity {

    /** The channel attribute holding a channel's session. */
    public static final AttributeKey<ChannelSession> KEY = AttributeKey.valueOf("imbench.session");

    private static final AtomicIntegerFieldUpdater<ChannelSession> PUSH_SEQ =
            AtomicIntegerFieldUpdater.newUpdater(ChannelSession.class, "pushSeq");

    private static final AtomicIntegerFieldUpdater<ChannelSession> IN_FLIGHT =
            AtomicIntegerFieldUpdater.newUpdater(ChannelSession.class, "inFlight");

    private final Channel channel;
    private final ServerMetrics metrics;
    private final OutboundLimits limits;
    private volatile int pushSeq;
    private volatile int inFlight;
    private volatile long lastPacketAt;

    ChannelSession(Channel channel, long id, String gateId, ServerMetrics metrics, OutboundLimits limits) {
        super(gateId, id, null);
        this.channel = channel;
        this.metrics = metrics;
        this.limits = limits;
    }

    /** Requests passed to the gate handler and not answered yet. */
    int inFlight() {
        return inFlight;
    }

    /** A request was passed on; its answer will go through {@link #send}. */
    void requestAccepted() {
        IN_FLIGHT.incrementAndGet(this);
    }

    private void answered() {
        int now;
        do {
            now = inFlight;
            if (now == 0) {
                return; // an answer the gate produced without counting (a refused bad frame)
            }
        } while (!IN_FLIGHT.compareAndSet(this, now, now - 1));
        if (now == limits.maxInFlight()) {
            // The throttle may be waiting for this answer: let it look again, on the channel's loop.
            try {
                channel.eventLoop().execute(() -> channel.pipeline().fireUserEventTriggered(InboundThrottle.RESUME));
            } catch (RejectedExecutionException e) {
                // shutting down
            }
        }
    }

    /** Bytes queued for this connection and not yet written to the socket. */
    public long pendingOutboundBytes() {
        var buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    @Override
    public long lastPacketAt() {
        return lastPacketAt;
    }

    /** Records that the client sent a frame at {@code epochMillis}. */
    void packetReceived(long epochMillis) {
        lastPacketAt = epochMillis;
    }

    /** The underlying channel. */
    public Channel channel() {
        return channel;
    }

    @Override
    public boolean isOpen() {
        return channel.isActive();
    }

    @Override
    public void send(Frame frame) {
        metrics.frameOut(frame.cmd());
        channel.writeAndFlush(frame, channel.voidPromise());
        answered();
    }

    @Override
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

    @Override
    public void closeAfter(Duration grace) {
        if (grace.isZero()) {
            channel.close();
        } else {
            channel.eventLoop().schedule(() -> channel.close(), grace.toNanos(), TimeUnit.NANOSECONDS);
        }
    }

    @Override
    public String toString() {
        return "Session[" + gateId() + "/" + id() + ", " + route() + "]";
    }
}
