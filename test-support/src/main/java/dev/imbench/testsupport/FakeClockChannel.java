package dev.imbench.testsupport;

import io.netty.channel.ChannelHandler;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * An {@link EmbeddedChannel} whose time stands still until the test moves it: {@link #clock()} (a
 * nanosecond clock for the code under test, such as a toxic's stage context) and the event loop's
 * scheduled tasks advance together, so timing is asserted exactly, whatever the machine's load.
 */
public final class FakeClockChannel implements AutoCloseable {

    private static final long ORIGIN = 1_000_000_000L;

    private final EmbeddedChannel channel = new EmbeddedChannel();
    private long nanos = ORIGIN;

    public FakeClockChannel() {
        channel.freezeTime();
    }

    /** Adds handlers at the end of the pipeline. */
    public FakeClockChannel with(ChannelHandler... handlers) {
        channel.pipeline().addLast(handlers);
        return this;
    }

    /** The channel. Close it with {@code pipeline().close()}: {@code EmbeddedChannel.close()} cancels pending timers. */
    public EmbeddedChannel channel() {
        return channel;
    }

    /** The fake nanosecond clock, moved only by {@link #advance}. */
    public LongSupplier clock() {
        return () -> nanos;
    }

    /** Time moved on since the channel was made, in nanoseconds. */
    public long elapsedNanos() {
        return nanos - ORIGIN;
    }

    /** Runs the tasks queued on the event loop now. */
    public void runPending() {
        channel.runPendingTasks();
    }

    /** Moves time on by {@code amount} and runs what became due. */
    public void advance(long amount, TimeUnit unit) {
        long step = unit.toNanos(amount);
        nanos += step;
        channel.advanceTimeBy(step, TimeUnit.NANOSECONDS);
        channel.runPendingTasks();
        channel.runScheduledPendingTasks();
        channel.runPendingTasks();
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
    }
}
