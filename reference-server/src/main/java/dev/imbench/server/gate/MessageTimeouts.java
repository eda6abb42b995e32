package dev.imbench.server.gate;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes a connection that delivers no complete message (a whole frame, a whole HTTP request) for
 * {@code idle}, and one that stays unauthenticated for {@code unauthenticated} (gate only: keepalives
 * alone do not keep an unauthenticated connection). Sits after the decoder, so bytes that never make a
 * message (one byte per second) do not count. One per channel.
 */
public final class MessageTimeouts extends ChannelDuplexHandler {

    /** What a timeout closed. */
    public enum Reason { IDLE, UNAUTHENTICATED }

    /** Told before the close. */
    public interface Listener {
        void closed(Reason reason);
    }

    private final long idleNanos;
    private final long unauthenticatedNanos;
    private final boolean writesCount;
    private final Listener listener;
    private long lastMessage;
    private long unauthenticatedSince;
    private ScheduledFuture<?> check;

    /**
     * @param idle            longest time without a complete inbound message
     * @param unauthenticated longest time a gate connection may stay unauthenticated; null = no bound (HTTP)
     * @param writesCount     whether an outbound message also counts as activity (HTTP: the answer to a slow request)
     * @param listener        told which timeout closed the connection
     */
    public MessageTimeouts(Duration idle, Duration unauthenticated, boolean writesCount, Listener listener) {
        this.idleNanos = idle.toNanos();
        this.unauthenticatedNanos = unauthenticated == null ? Long.MAX_VALUE : unauthenticated.toNanos();
        this.writesCount = writesCount;
        this.listener = listener;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive() && ctx.channel().isRegistered()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        start(ctx);
        super.channelActive(ctx);
    }

    private void start(ChannelHandlerContext ctx) {
        if (check != null) {
            return;
        }
        lastMessage = System.nanoTime();
        unauthenticatedSince = lastMessage;
        long period = Math.max(TimeUnit.MILLISECONDS.toNanos(10), Math.min(idleNanos, unauthenticatedNanos) / 4);
        check = ctx.executor().scheduleAtFixedRate(() -> check(ctx), period, period, TimeUnit.NANOSECONDS);
    }

    private void check(ChannelHandlerContext ctx) {
        long now = System.nanoTime();
        ChannelSession s = ctx.channel().attr(ChannelSession.KEY).get();
        if (s != null && s.authenticated()) {
            unauthenticatedSince = now;
        }
        Reason reason = now - lastMessage > idleNanos ? Reason.IDLE
                : now - unauthenticatedSince > unauthenticatedNanos ? Reason.UNAUTHENTICATED : null;
        if (reason != null && ctx.channel().isActive()) {
            stop();
            listener.closed(reason);
            ctx.close();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        lastMessage = System.nanoTime();
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (writesCount) {
            lastMessage = System.nanoTime();
        }
        ctx.write(msg, promise);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        stop();
        super.channelInactive(ctx);
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    private void stop() {
        if (check != null) {
            check.cancel(false);
        }
    }
}
