package dev.imbench.chaos.toxic;

import dev.imbench.chaos.ToxicContext;
import io.netty.buffer.ByteBuf;
import java.util.ArrayDeque;

/**
 * Releases chunks at given times without ever reordering them: a chunk never
 * leaves before the one ahead of it. One timer at a time drains the queue in
 * order, so chunks due at the same instant cannot overtake each other.
 */
final class OrderedRelease {

    private record Held(ByteBuf chunk, long at) {
    }

    private final ArrayDeque<Held> queue = new ArrayDeque<>();
    private long lastRelease;
    private boolean timerSet;

    /** Forwards {@code chunk} at {@code at} (nanoTime) or right after the previous chunk, whichever is later. */
    void releaseAt(ByteBuf chunk, long at, ToxicContext ctx) {
        long when = Math.max(at, lastRelease);
        lastRelease = when;
        if (queue.isEmpty() && when <= ctx.nanoTime()) {
            ctx.forward(chunk);
            return;
        }
        queue.add(new Held(chunk, when));
        arm(ctx);
    }

    private void arm(ToxicContext ctx) {
        if (timerSet || queue.isEmpty()) {
            return;
        }
        timerSet = true;
        ctx.schedule(() -> drain(ctx), Math.max(0, queue.peek().at() - ctx.nanoTime()));
    }

    private void drain(ToxicContext ctx) {
        timerSet = false;
        long now = ctx.nanoTime();
        while (!queue.isEmpty() && queue.peek().at() <= now) {
            ctx.forward(queue.poll().chunk());
        }
        arm(ctx);
    }

    /** Forwards everything held at once, in order (the toxic is being removed). */
    void flush(ToxicContext ctx) {
        while (!queue.isEmpty()) {
            ctx.forward(queue.poll().chunk());
        }
    }

    long lastRelease() {
        return lastRelease;
    }
}
