package dev.imbench.server.logic;

import dev.imbench.server.push.OfflineNotice;
import dev.imbench.server.store.Envelope;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timer;
import java.util.concurrent.TimeUnit;

/**
 * The article's timer between "logic sends to the recipient's gate" and "the recipient acks": a
 * hashed wheel that, after the offline-push delay, sends an offline notification for every row
 * still undelivered. Also started for an offline recipient (the app is woken up to pull).
 */
final class DeliveryTimer implements AutoCloseable {

    private static final long TICK_MS = 50;

    private final LogicContext ctx;
    private final AckBuffer acks;
    private final Timer wheel;
    private final long delayNanos;

    DeliveryTimer(LogicContext ctx, AckBuffer acks) {
        this.ctx = ctx;
        this.acks = acks;
        this.delayNanos = ctx.config().offlinePushDelay().toNanos();
        this.wheel = new HashedWheelTimer(r -> {
            Thread t = new Thread(r, "imbench-delivery-timer");
            t.setDaemon(true);
            return t;
        }, TICK_MS, TimeUnit.MILLISECONDS, 512);
    }

    /** Watches row {@code msgid} of {@code uid}'s inbox. */
    void watch(String uid, long msgid, Envelope e) {
        wheel.newTimeout(t -> fire(uid, msgid, e), delayNanos, TimeUnit.NANOSECONDS);
    }

    private void fire(String uid, long msgid, Envelope e) {
        if (acks.isBuffered(uid, msgid) || ctx.messages().isDelivered(uid, msgid)) {
            return;
        }
        ctx.metrics().offlineNotice();
        ctx.notifier().notifyOffline(new OfflineNotice(uid, msgid, e.from(), e.group(), e.content(),
                ctx.clock().millis()));
    }

    @Override
    public void close() {
        wheel.stop();
    }
}
