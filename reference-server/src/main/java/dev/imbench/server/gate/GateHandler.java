package dev.imbench.server.gate;

import dev.imbench.protocol.BadFrame;
import dev.imbench.protocol.Decoded;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.ErrorCode;
import dev.imbench.protocol.pb.Keepalive;
import dev.imbench.server.BackpressurePolicy;
import dev.imbench.server.logic.Failures;
import dev.imbench.server.metrics.ServerMetrics;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;

/**
 * The last stage of every gate pipeline (TCP, WebSocket, local). Per frame, in order: refuse a
 * {@link BadFrame} with the matching error code (closing after a fatal one); answer keepalives;
 * refuse anything but auth before auth ({@code ERR_NOT_AUTHENTICATED}); refuse a forged sender
 * ({@code ERR_FORGED_FROM}); refuse what breaks the {@link RequestRules} (content size, names); hand the rest
 * to the logic. Refused frames never reach the logic, so
 * nothing from them is stored. Sharable: all state is in the channel's {@link Session}.
 */
@ChannelHandler.Sharable
public final class GateHandler extends SimpleChannelInboundHandler<Decoded> {

    private final SessionTable sessions;
    private final FrameSink sink;
    private final ServerMetrics metrics;
    private final BackpressurePolicy backpressure;
    private final RequestRules rules;

    /** A handler feeding {@code sink} the requests {@code rules} let through. */
    public GateHandler(SessionTable sessions, FrameSink sink, ServerMetrics metrics, BackpressurePolicy backpressure,
                       RequestRules rules) {
        this.sessions = sessions;
        this.sink = sink;
        this.metrics = metrics;
        this.backpressure = backpressure;
        this.rules = rules;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        sessions.open(ctx.channel());
        metrics.connectionOpened();
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        ChannelSession s = ctx.channel().attr(ChannelSession.KEY).get();
        if (s != null) {
            sessions.remove(s);
            metrics.connectionClosed();
            sink.onClosed(s);
        }
        super.channelInactive(ctx);
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, Decoded msg) {
        ChannelSession s = ctx.channel().attr(ChannelSession.KEY).get();
        switch (msg) {
            case BadFrame bad -> refuseBadFrame(ctx, s, bad);
            case Frame f -> accept(s, f);
        }
    }

    private void accept(ChannelSession s, Frame f) {
        metrics.frameIn(f.cmd());
        s.packetReceived(System.currentTimeMillis());
        if (f.cmd() == CmdId.KEEPALIVE_REQ) {
            s.reply(f, Keepalive.getDefaultInstance());
            return;
        }
        if (!ClientCommands.acceptsFromClient(f.cmd())) {
            metrics.refused();
            s.error(f.seq(), f.cmd().getNumber(), ErrorCode.ERR_UNKNOWN_CMD, f.cmd() + " is not sent by clients");
            return;
        }
        if (!s.authenticated() && f.cmd() != CmdId.AUTH_REQ) {
            metrics.refused();
            s.error(f.seq(), f.cmd().getNumber(), ErrorCode.ERR_NOT_AUTHENTICATED, "authenticate first");
            return;
        }
        if (s.authenticated() && SenderCheck.forged(f, s.uid())) {
            metrics.refused();
            s.error(f.seq(), f.cmd().getNumber(), ErrorCode.ERR_FORGED_FROM, "sender is not the session's uid");
            return;
        }
        RequestRules.Refusal refusal = rules.check(f);
        if (refusal != null) {
            metrics.refused();
            s.error(f.seq(), f.cmd().getNumber(), refusal.code(), refusal.message());
            return;
        }
        try {
            sink.onFrame(s, f);
        } catch (RuntimeException e) {
            // A back end failed in a way the flow did not handle: answer, keep the connection.
            s.error(f.seq(), f.cmd().getNumber(), ErrorCode.ERR_INTERNAL, "internal error: " + Failures.brief(e));
        }
    }

    private void refuseBadFrame(ChannelHandlerContext ctx, ChannelSession s, BadFrame bad) {
        metrics.badFrame();
        ErrorCode code = switch (bad.error()) {
            case UNKNOWN_CMD -> ErrorCode.ERR_UNKNOWN_CMD;
            case BODY_TOO_LARGE -> ErrorCode.ERR_BODY_TOO_LARGE;
            case MALFORMED_BODY, BAD_HEAD_LENGTH, NEGATIVE_BODY_LENGTH, TRUNCATED -> ErrorCode.ERR_MALFORMED_FRAME;
        };
        Frame error = Session.errorFrame(bad.seq(), bad.cmdId(), code, bad.describe());
        if (bad.error().fatal()) {
            metrics.frameOut(CmdId.ERROR_RESP);
            ctx.writeAndFlush(error).addListener(ChannelFutureListener.CLOSE);
        } else {
            s.send(error);
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        // PAUSE_READ: the InboundThrottle in front of this handler stops and resumes reading.
        if (!ctx.channel().isWritable()) {
            metrics.backpressure();
            if (backpressure == BackpressurePolicy.CLOSE) {
                ctx.close();
            }
        }
        super.channelWritabilityChanged(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // A broken connection (reset, protocol error in a codec): drop it; the session cleans up on inactive.
        ctx.close();
    }
}
