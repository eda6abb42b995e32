package dev.imbench.chaos.toxic;

import dev.imbench.testsupport.FakeClockChannel;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;

/**
 * A {@link ToxicHandler} on a {@link FakeClockChannel}: the toxics' clock and the event loop's timers
 * advance together, so a toxic's timing is asserted to the nanosecond. The handler is the client
 * side: writes go {@link Direction#UPSTREAM}.
 */
final class ToxicChannel implements AutoCloseable {

    private final FakeClockChannel fake = new FakeClockChannel();

    ToxicChannel(long seed, ToxicSpec... specs) {
        fake.with(new ToxicHandler(ToxicHandler.Side.CLIENT, List.of(specs), new SplittableRandom(seed), fake.clock()));
    }

    static ToxicSpec upstream(String type, Map<String, Long> attributes) {
        return ToxicSpec.of(type, Direction.UPSTREAM, attributes);
    }

    /** Writes bytes through the toxics (upstream). */
    void write(byte[] bytes) {
        fake.channel().writeAndFlush(Unpooled.wrappedBuffer(bytes));
        fake.runPending();
    }

    /** Moves time on by {@code amount} and runs what became due. */
    void advance(long amount, TimeUnit unit) {
        fake.advance(amount, unit);
    }

    /** The non-empty chunks that left the toxics since the last call, in order. */
    List<byte[]> sent() {
        List<byte[]> out = new ArrayList<>();
        for (Object m; (m = fake.channel().readOutbound()) != null; ) {
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
        fake.channel().pipeline().close();
        fake.runPending();
    }

    /** A stage context on this channel's loop and fake clock, for a stage tested without the handler. */
    StageContext context(StageOutput output) {
        return new StageContext(fake.channel().eventLoop(), new SplittableRandom(1), fake.clock(), output);
    }

    boolean isOpen() {
        return fake.channel().isOpen();
    }

    @Override
    public void close() {
        fake.close();
    }

    static byte[] counting(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) {
            b[i] = (byte) i;
        }
        return b;
    }
}
