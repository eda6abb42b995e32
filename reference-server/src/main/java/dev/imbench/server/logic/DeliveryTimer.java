package dev.imbench.server.logic;

import dev.imbench.server.push.OfflineNotice;
import dev.imbench.server.store.Envelope;
import io.netty.util.HashedWheelTimer;
import io.netty.util.Timer;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The reference design's timer between "logic sends to the recipient's gate" and "the recipient acks": a
 * hashed wheel that, after the offline-push delay, sends an offline notification for every row
 * still undelivered. Also started for an offline recipient (the app is woken up to pull).
 */
final class DeliveryTimer implements AutoCloseable {

    private static final long TICK_MS = 50;

    private final LogicContext ctx;
    private final AckBuffer acks;
    private final DeliveryState state;
    private final Timer wheel;
    private final long delayNanos;

    DeliveryTimer(LogicContext ctx, AckBuffer acks, DeliveryState state) {
        this.ctx = ctx;
        this.acks = acks;
        this.state = state;
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

    /**
     * Watches one row per recipient with a single timer entry (group fan-out).
     *
     * @param uids recipients
     * @param ids  their rows' msgids, index for index; one element means the same msgid for all
     */
    void watchAll(List<String> uids, long[] ids, Envelope e) {
        if (uids.isEmpty()) {
            return;
        }
        List<String> copy = List.copyOf(uids);
        wheel.newTimeout(t -> {
            for (int i = 0; i < copy.size(); i++) {
                fire(copy.get(i), ids.length == 1 ? ids[0] : ids[i], e);
            }
        }, delayNanos, TimeUnit.NANOSECONDS);
    }

    private void fire(String uid, long msgid, Envelope e) {
        if (acks.isBuffered(uid, msgid) || state.isDelivered(uid, msgid, e)) {
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
