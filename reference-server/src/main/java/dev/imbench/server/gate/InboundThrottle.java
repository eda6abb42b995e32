package dev.imbench.server.gate;

import dev.imbench.protocol.Frame;
import dev.imbench.server.metrics.ServerMetrics;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import java.util.ArrayDeque;

/**
 * Back-pressure on the inbound side, between the frame decoder and the gate handler (one per channel):
 * a frame is passed on only while the connection's outbound buffer is under its high water mark
 * (the channel is writable) and fewer than {@code maxInFlight} of its requests await their answer.
 * Otherwise the frame is held, reading stops ({@code autoRead} off) and the held frames are passed on,
 * in order, once the buffer drained below the low water mark or answers went out; then reading
 * resumes. A client that pipelines requests and never reads therefore makes the server queue at most
 * about {@code writeHighWaterMark + maxInFlight × maxBodyLength} bytes for it, and holds at most one
 * read's worth of decoded frames ({@code maxHeldFrames}; more closes the connection). An encoded frame
 * that takes the queue over {@code writeHardLimit} closes the connection (the check sits here, below the
 * encoder, where every queued byte is counted).
 */
public final class InboundThrottle extends ChannelDuplexHandler {

    /** The event that asks a throttle to look again (an answer went out from another thread). */
    static final Object RESUME = new Object();

    private final int maxInFlight;
    private final long writeHardLimit;
    private final int maxHeldFrames;
    private final ServerMetrics metrics;
    private final ArrayDeque<Object> held = new ArrayDeque<>();

    /**
     * @param limits        requests in flight and bytes queued one connection may have
     * @param maxHeldFrames decoded frames held while paused before the connection is closed
     * @param metrics       counts connections closed past the hard limit
     */
    public InboundThrottle(OutboundLimits limits, int maxHeldFrames, ServerMetrics metrics) {
        this.maxInFlight = limits.maxInFlight();
        this.writeHardLimit = limits.writeHardLimit();
        this.maxHeldFrames = maxHeldFrames;
        this.metrics = metrics;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        ctx.write(msg, promise);
        var buffer = ctx.channel().unsafe().outboundBuffer();
        if (buffer != null && buffer.totalPendingWriteBytes() > writeHardLimit && ctx.channel().isActive()) {
            metrics.backpressureClosed();
            ctx.close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (held.isEmpty() && open(ctx)) {
            pass(ctx, msg);
            return;
        }
        held.add(msg);
        ctx.channel().config().setAutoRead(false);
        if (held.size() > maxHeldFrames) {
            held.clear();
            ctx.close();
        }
    }

    private boolean open(ChannelHandlerContext ctx) {
        ChannelSession s = ctx.channel().attr(ChannelSession.KEY).get();
        return ctx.channel().isWritable() && (s == null || s.inFlight() < maxInFlight);
    }

    private void pass(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof Frame f && f.cmd().getNumber() % 2 == 1) {
            ChannelSession s = ctx.channel().attr(ChannelSession.KEY).get();
            if (s != null) {
                s.requestAccepted();
            }
        }
        ctx.fireChannelRead(msg);
    }

    private void drain(ChannelHandlerContext ctx) {
        while (!held.isEmpty() && open(ctx) && ctx.channel().isActive()) {
            pass(ctx, held.poll());
        }
        if (held.isEmpty() && open(ctx)) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().isWritable()) {
            drain(ctx);
        } else {
            ctx.channel().config().setAutoRead(false);
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt == RESUME) {
            drain(ctx);
            return;
        }
        super.userEventTriggered(ctx, evt);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        held.clear();
        super.channelInactive(ctx);
    }

    /** Frames held now (for tests). */
    int held() {
        return held.size();
    }
}
