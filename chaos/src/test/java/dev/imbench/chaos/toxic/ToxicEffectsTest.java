package dev.imbench.chaos.toxic;

import static dev.imbench.chaos.toxic.ToxicChannel.counting;
import static dev.imbench.chaos.toxic.ToxicChannel.upstream;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelPromise;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Each toxic's effect, on a fake clock (see {@link ToxicChannel}): every assertion here fails when
 * its toxic is made to pass data through untouched.
 */
class ToxicEffectsTest {

    @Test
    void slicerShouldCutIntoPiecesOfTheGivenSizeWithTheGivenGapKeepingTheBytes() {
        try (ToxicChannel ch = new ToxicChannel(7, upstream("slicer",
                Map.of("average_size", 7L, "size_variation", 3L, "delay", 100L)))) {
            byte[] payload = counting(500);
            ch.write(payload);
            List<byte[]> pieces = new ArrayList<>(ch.sent());
            assertEquals(1, pieces.size(), "only the first piece leaves at once");
            ByteArrayOutputStream joined = new ByteArrayOutputStream();
            while (joined.size() + pieces.stream().mapToInt(p -> p.length).sum() < payload.length) {
                ch.advance(99, TimeUnit.MICROSECONDS);
                assertEquals(List.of(), ch.sent(), "a piece left before its 100 µs gap");
                ch.advance(1, TimeUnit.MICROSECONDS);
                List<byte[]> next = ch.sent();
                assertEquals(1, next.size(), "one piece per gap");
                pieces.addAll(next);
                assertTrue(pieces.size() < 200, "too many pieces");
            }
            pieces.forEach(joined::writeBytes);
            assertArrayEquals(payload, joined.toByteArray(), "slicing must not change or reorder bytes");
            for (byte[] p : pieces.subList(0, pieces.size() - 1)) {
                assertTrue(p.length >= 4 && p.length <= 10, "piece of " + p.length + " bytes, expected 7 ± 3");
            }
            long distinct = pieces.stream().mapToInt(p -> p.length).distinct().count();
            assertTrue(distinct > 3, "sizes should vary by size_variation, saw " + distinct + " distinct sizes");
        }
    }

    @Test
    void latencyShouldDelayEachChunkWithinItsJitterBoundsAndKeepOrder() {
        try (ToxicChannel ch = new ToxicChannel(11, upstream("latency", Map.of("latency", 20L, "jitter", 10L)))) {
            List<Long> delaysMs = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                ch.write(new byte[] {(byte) i});
                int waited = 0;
                List<byte[]> out;
                while ((out = ch.sent()).isEmpty()) {
                    assertTrue(waited <= 30, "chunk " + i + " held beyond latency + jitter");
                    ch.advance(1, TimeUnit.MILLISECONDS);
                    waited++;
                }
                assertArrayEquals(new byte[] {(byte) i}, out.getFirst());
                delaysMs.add((long) waited);
                ch.advance(50, TimeUnit.MILLISECONDS); // the next chunk starts on an empty queue
            }
            assertTrue(delaysMs.stream().allMatch(d -> d >= 10 && d <= 30), "delays " + delaysMs);
            long min = delaysMs.stream().mapToLong(Long::longValue).min().orElseThrow();
            long max = delaysMs.stream().mapToLong(Long::longValue).max().orElseThrow();
            assertTrue(max - min >= 10, "jitter should spread the delays over 10..30 ms, saw " + delaysMs);
        }
    }

    @Test
    void latencyShouldNeverLetALaterChunkOvertakeAnEarlierOne() {
        try (ToxicChannel ch = new ToxicChannel(3, upstream("latency", Map.of("latency", 20L, "jitter", 19L)))) {
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            for (int i = 0; i < 50; i++) {
                byte[] b = {(byte) i, (byte) (i * 3)};
                ch.write(b);
                sent.writeBytes(b);
                ch.advance(100, TimeUnit.MICROSECONDS);
            }
            assertEquals(0, ch.sentBytes().length, "nothing may leave before latency - jitter (1 ms)");
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            for (int ms = 0; ms < 45; ms++) {
                ch.advance(1, TimeUnit.MILLISECONDS);
                got.writeBytes(ch.sentBytes());
            }
            assertArrayEquals(sent.toByteArray(), got.toByteArray());
        }
    }

    @Test
    void bandwidthShouldSendRateTimesOneHundredMillisecondsPerSlice() {
        // rate 10 KB/s = 1 000 bytes per 100 ms slice
        try (ToxicChannel ch = new ToxicChannel(1, upstream("bandwidth", Map.of("rate", 10L)))) {
            byte[] payload = counting(4500);
            ch.write(payload);
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            got.writeBytes(ch.sentBytes());
            assertEquals(1000, got.size(), "the first slice");
            for (int slice = 1; slice <= 4; slice++) {
                ch.advance(99, TimeUnit.MILLISECONDS);
                assertEquals(0, ch.sentBytes().length, "more than the rate before slice " + slice);
                ch.advance(1, TimeUnit.MILLISECONDS);
                got.writeBytes(ch.sentBytes());
                assertEquals(Math.min(4500, 1000 * (slice + 1)), got.size(), "after slice " + slice);
            }
            assertArrayEquals(payload, got.toByteArray());
        }
    }

    @Test
    void blackoutShouldHoldDataArrivingInTheDarkUntilTheLightReturns() {
        try (ToxicChannel ch = new ToxicChannel(1, upstream("blackout", Map.of("start", 100L, "duration", 200L)))) {
            ch.advance(50, TimeUnit.MILLISECONDS);
            ch.write(new byte[] {1});
            assertArrayEquals(new byte[] {1}, ch.sentBytes(), "before the blackout data passes");
            ch.advance(100, TimeUnit.MILLISECONDS); // t = 150 ms, dark since 100
            ch.write(new byte[] {2, 3});
            ch.advance(149, TimeUnit.MILLISECONDS); // t = 299 ms
            assertEquals(0, ch.sentBytes().length, "held in the dark");
            ch.advance(1, TimeUnit.MILLISECONDS); // t = 300 ms: light
            assertArrayEquals(new byte[] {2, 3}, ch.sentBytes());
            ch.write(new byte[] {4});
            assertArrayEquals(new byte[] {4}, ch.sentBytes(), "after the blackout data passes again");
        }
    }

    @Test
    void periodicBlackoutShouldDarkenDurationOutOfEveryPeriod() {
        try (ToxicChannel ch = new ToxicChannel(5, upstream("blackout", Map.of("period", 1000L, "duration", 300L)))) {
            int[] writtenAt = new int[300];
            int[] releasedAt = new int[300];
            int released = 0;
            for (int ms = 0; ms < 3300; ms++) { // one byte every 10 ms for 3 periods, then time to drain
                if (ms % 10 == 0 && ms / 10 < 300) {
                    writtenAt[ms / 10] = ms;
                    ch.write(new byte[] {(byte) (ms / 10)});
                }
                for (byte b : ch.sentBytes()) {
                    assertEquals((byte) released, b, "order kept");
                    releasedAt[released++] = ms;
                }
                ch.advance(1, TimeUnit.MILLISECONDS);
            }
            assertEquals(300, released, "everything held is released");
            int held = 0;
            for (int i = 0; i < 300; i++) {
                int waited = releasedAt[i] - writtenAt[i];
                assertTrue(waited <= 300, "byte " + i + " held " + waited + " ms, longer than the blackout");
                held += waited > 0 ? 1 : 0;
            }
            assertTrue(held >= 87 && held <= 93, "arrivals held: " + held + " of 300 (dark 300 ms of every 1000)");
        }
    }

    @Test
    void limitDataShouldForwardExactlyTheLimitThenClose() {
        try (ToxicChannel ch = new ToxicChannel(1, upstream("limit_data", Map.of("bytes", 10L)))) {
            ch.write(counting(4));
            assertTrue(ch.isOpen());
            ch.write(counting(8));
            assertArrayEquals(new byte[] {0, 1, 2, 3, 0, 1, 2, 3, 4, 5}, ch.sentBytes(), "cut at byte 10");
            assertFalse(ch.isOpen(), "closed once the limit passed");
        }
    }

    @Test
    void limitDataShouldCloseWhenAWriteEndsExactlyAtTheLimit() {
        try (ToxicChannel ch = new ToxicChannel(1, upstream("limit_data", Map.of("bytes", 6L)))) {
            ch.write(counting(6));
            assertEquals(6, ch.sentBytes().length);
            assertFalse(ch.isOpen());
        }
    }

    @Test
    void resetPeerShouldDropDataAndAbortWithRstAfterItsTimeout() {
        try (ToxicChannel ch = new ToxicChannel(1)) {
            Recording out = new Recording();
            ToxicStage stage = new ResetPeerToxic().open(upstream("reset_peer", Map.of("timeout", 100L)), ch.context(out));
            stage.data(Unpooled.wrappedBuffer(new byte[] {1, 2}), null, out);
            ch.advance(99, TimeUnit.MILLISECONDS);
            assertEquals(List.of(), out.events, "aborted before its timeout");
            ch.advance(1, TimeUnit.MILLISECONDS);
            assertEquals(List.of("abort rst"), out.events, "a TCP RST at 100 ms, the data dropped");
        }
    }

    @Test
    void resetPeerShouldCloseTheChannelAtItsTimeout() {
        try (ToxicChannel ch = new ToxicChannel(1, upstream("reset_peer", Map.of("timeout", 100L)))) {
            ch.write(new byte[] {1});
            ch.advance(99, TimeUnit.MILLISECONDS);
            assertTrue(ch.isOpen());
            ch.advance(1, TimeUnit.MILLISECONDS);
            assertFalse(ch.isOpen());
            assertEquals(0, ch.sentBytes().length, "reset_peer forwards nothing");
        }
    }

    @Test
    void slowCloseShouldPassDataAtOnceAndTheCloseAfterItsDelay() {
        try (ToxicChannel ch = new ToxicChannel(1, upstream("slow_close", Map.of("delay", 200L)))) {
            ch.write(new byte[] {9});
            assertArrayEquals(new byte[] {9}, ch.sentBytes());
            ch.closeChannel();
            ch.advance(199, TimeUnit.MILLISECONDS);
            assertTrue(ch.isOpen(), "closed before the delay");
            ch.advance(1, TimeUnit.MILLISECONDS);
            assertFalse(ch.isOpen(), "closed at 200 ms");
        }
    }

    @Test
    void timeoutShouldDropDataAndCloseAfterItsTimeout() {
        try (ToxicChannel ch = new ToxicChannel(1, upstream("timeout", Map.of("timeout", 150L)))) {
            ch.write(new byte[] {1, 2, 3});
            ch.advance(149, TimeUnit.MILLISECONDS);
            assertEquals(0, ch.sentBytes().length, "timeout drops data");
            assertTrue(ch.isOpen());
            ch.advance(1, TimeUnit.MILLISECONDS);
            assertFalse(ch.isOpen());
        }
    }

    /** A stage output that records what reached it. */
    private static final class Recording implements StageOutput {
        final List<String> events = new ArrayList<>();

        @Override
        public void data(ByteBuf data, ChannelPromise promise) {
            events.add("data " + data.readableBytes());
            data.release();
        }

        @Override
        public void end() {
            events.add("end");
        }

        @Override
        public void abort(boolean rst) {
            events.add(rst ? "abort rst" : "abort");
        }
    }
}
