package dev.imbench.chaos.toxic;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ToxicHandler} on an {@link EmbeddedChannel} whose time stands still until the test moves
 * it: the toxics' clock and the event loop's scheduled tasks advance together, so a toxic's timing
 * is asserted to the nanosecond, whatever the machine's load. The handler is the client side:
 * writes go {@link Direction#UPSTREAM}.
 */
final class ToxicChannel implements AutoCloseable {

    private final EmbeddedChannel channel;
    private long nanos = 1_000_000_000L;

    ToxicChannel(long seed, ToxicSpec... specs) {
        channel = new EmbeddedChannel();
        channel.freezeTime();
        channel.pipeline().addLast(new ToxicHandler(ToxicHandler.Side.CLIENT, List.of(specs), new SplittableRandom(seed),
                () -> nanos));
    }

    static ToxicSpec upstream(String type, Map<String, Long> attributes) {
        return ToxicSpec.of(type, Direction.UPSTREAM, attributes);
    }

    /** Time since the channel was made, in nanoseconds. */
    long elapsedNanos() {
        return nanos - 1_000_000_000L;
    }

    /** Writes bytes through the toxics (upstream). */
    void write(byte[] bytes) {
        channel.writeAndFlush(Unpooled.wrappedBuffer(bytes));
        channel.runPendingTasks();
    }

    /** Moves time on by {@code amount} and runs what became due. */
    void advance(long amount, TimeUnit unit) {
        long step = unit.toNanos(amount);
        nanos += step;
        channel.advanceTimeBy(step, TimeUnit.NANOSECONDS);
        channel.runPendingTasks();
        channel.runScheduledPendingTasks();
        channel.runPendingTasks();
    }

    /** The non-empty chunks that left the toxics since the last call, in order. */
    List<byte[]> sent() {
        List<byte[]> out = new ArrayList<>();
        for (Object m; (m = channel.readOutbound()) != null; ) {
            ByteBuf b = (ByteBuf) m;
            if (b.isReadable()) {
                byte[] bytes = new byte[b.readableBytes()];
                b.readBytes(bytes);
                out.add(bytes);
            }
            b.release();
        }
        return out;
    }

    /** The bytes of {@link #sent()}, joined. */
    byte[] sentBytes() {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        sent().forEach(all::writeBytes);
        return all.toByteArray();
    }

    /** Asks the channel to close (the close travels through the toxics). */
    void closeChannel() {
        // through the pipeline: EmbeddedChannel.close() itself would cancel the toxics' timers
        channel.pipeline().close();
        channel.runPendingTasks();
    }

    /** A stage context on this channel's loop and fake clock, for a stage tested without the handler. */
    StageContext context(StageOutput output) {
        return new StageContext(channel.eventLoop(), new SplittableRandom(1), () -> nanos, output);
    }

    @Override
    public void close() {
        channel.finishAndReleaseAll();
    }

    boolean isOpen() {
        return channel.isOpen();
    }

    static byte[] counting(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }
}
