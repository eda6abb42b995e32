package dev.imbench.chaos;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Each toxic's effect measured on bytes through an in-JVM link. */
class ToxicHandlerTest {

    private static List<ToxicSpec> one(String type, Direction d, Map<String, Long> attrs) {
        return List.of(ToxicSpec.of(type, d, attrs));
    }

    @Test
    void shouldDelayUpstreamBytesByTheLatency() throws Exception {
        List<ToxicSpec> t = one("latency", Direction.UPSTREAM, Map.of("latency", 120L));
        try (LocalLink link = new LocalLink(() -> t, 1)) {
            long sent = System.nanoTime();
            link.sendUp(new byte[] {1});
            LocalLink.Arrival a = LocalLink.take(link.atServer, 2000);
            long ms = (a.nanos() - sent) / 1_000_000;
            assertTrue(ms >= 120 && ms < 400, "arrived after " + ms + " ms");
        }
    }

    @Test
    void shouldNeverReorderWhateverTheJitter() throws Exception {
        List<ToxicSpec> t = one("latency", Direction.DOWNSTREAM, Map.of("latency", 20L, "jitter", 20L));
        try (LocalLink link = new LocalLink(() -> t, 2)) {
            for (int i = 0; i < 100; i++) {
                link.sendDown(new byte[] {(byte) i});
            }
            for (int i = 0; i < 100; i++) {
                assertEquals((byte) i, LocalLink.take(link.atClient, 2000).value());
            }
        }
    }

    @Test
    void shouldLimitTheRateToTheBandwidth() throws Exception {
        List<ToxicSpec> t = one("bandwidth", Direction.DOWNSTREAM, Map.of("rate", 100L));
        try (LocalLink link = new LocalLink(() -> t, 3)) {
            long start = System.nanoTime();
            link.sendDown(new byte[50 * 1024]);
            LocalLink.Arrival last = null;
            for (int i = 0; i < 50 * 1024; i++) {
                last = LocalLink.take(link.atClient, 3000);
            }
            double seconds = (last.nanos() - start) / 1e9;
            assertTrue(seconds > 0.4 && seconds < 0.9, "50 KB at 100 KB/s took " + seconds + " s");
        }
    }

    @Test
    void shouldCloseAfterExactlyTheLimitOfBytes() throws Exception {
        List<ToxicSpec> t = one("limit_data", Direction.UPSTREAM, Map.of("bytes", 10L));
        try (LocalLink link = new LocalLink(() -> t, 4)) {
            link.sendUp(new byte[6]);
            link.sendUp(new byte[6]);
            assertTrue(link.clientClosed.await(2, TimeUnit.SECONDS));
            int got = 0;
            while (LocalLink.take(link.atServer, 200) != null) {
                got++;
            }
            assertEquals(10, got);
        }
    }

    @Test
    void shouldDropDataAndCloseAfterTheTimeout() throws Exception {
        List<ToxicSpec> t = one("timeout", Direction.UPSTREAM, Map.of("timeout", 150L));
        try (LocalLink link = new LocalLink(() -> t, 5)) {
            link.sendUp(new byte[] {1, 2, 3});
            assertTrue(link.clientClosed.await(2, TimeUnit.SECONDS), "closed after the timeout");
            assertNull(LocalLink.take(link.atServer, 100), "the data was dropped");
        }
    }

    @Test
    void shouldHoldBytesDuringABlackoutAndReleaseThemInOrder() throws Exception {
        List<ToxicSpec> t = one("blackout", Direction.DOWNSTREAM, Map.of("period", 10_000L, "duration", 300L, "offset", 0L));
        try (LocalLink link = new LocalLink(() -> t, 6)) {
            long start = System.nanoTime();
            link.sendDown(new byte[] {1, 2});
            LocalLink.Arrival first = LocalLink.take(link.atClient, 2000);
            assertEquals(1, first.value());
            assertTrue((first.nanos() - start) / 1_000_000 >= 250, "held through the blackout");
            assertEquals(2, LocalLink.take(link.atClient, 2000).value());
        }
    }

    @Test
    void shouldSpareTheConnectionsThatDrewAboveTheToxicity() throws Exception {
        List<ToxicSpec> t = List.of(new ToxicSpec("never", "timeout", Direction.UPSTREAM, 0.0, Map.of()));
        try (LocalLink link = new LocalLink(() -> t, 7)) {
            link.sendUp(new byte[] {9});
            assertEquals(9, LocalLink.take(link.atServer, 2000).value());
        }
    }

    @Test
    void shouldApplyAndRemoveToxicsWhileTheConnectionLives() throws Exception {
        AtomicReference<List<ToxicSpec>> current = new AtomicReference<>(List.of());
        try (LocalLink link = new LocalLink(current::get, 8)) {
            current.set(one("bandwidth", Direction.UPSTREAM, Map.of("rate", 0L)));
            link.sendUp(new byte[] {7});
            assertNull(LocalLink.take(link.atServer, 300), "rate 0 holds the bytes");
            current.set(List.of());
            link.sendUp(new byte[] {8});
            assertEquals(7, LocalLink.take(link.atServer, 2000).value(), "removing the toxic releases what it held, first");
            assertEquals(8, LocalLink.take(link.atServer, 2000).value());
        }
    }

    @Test
    void shouldRefuseUnknownTypesAndBadAttributesClearly() {
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ToxicSpec.of("latencyy", Direction.UPSTREAM, Map.of())).getMessage().contains("known: [bandwidth"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ToxicSpec.of("latency", Direction.UPSTREAM, Map.of("latency", -5L))).getMessage().contains("latency must be between"));
        assertTrue(assertThrows(IllegalArgumentException.class,
                () -> ToxicSpec.of("latency", Direction.UPSTREAM, Map.of("speed", 5L))).getMessage().contains("no attribute \"speed\""));
        assertThrows(IllegalArgumentException.class, () -> new ToxicSpec("x", "latency", Direction.UPSTREAM, 1.5, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Direction.parse("sideways"));
        assertEquals(Direction.UPSTREAM, Direction.parse("UpStream"));
    }

    @Test
    void shouldNameEveryProfileAndRefuseUnknownOnesWithTheList() {
        assertEquals(List.of("2g", "3g", "4g", "lossy-wifi", "subway", "elevator", "handover", "slow-close"), Profiles.names());
        for (String n : Profiles.names()) {
            Profile p = Profiles.get(n);
            assertFalse(p.toxics().isEmpty());
            assertFalse(p.source().isBlank());
        }
        String msg = assertThrows(IllegalArgumentException.class, () -> Profiles.get("5g")).getMessage();
        assertTrue(msg.contains("known profiles: [2g, 3g"), msg);
    }

    @Test
    void shouldDrawTheSameJitterForTheSameSeed() {
        assertEquals(RecordingContext.delays(42), RecordingContext.delays(42));
        assertNotEquals(RecordingContext.delays(42), RecordingContext.delays(43));
    }

    /** A context that records what a latency toxic schedules, with a frozen clock. */
    private static final class RecordingContext implements ToxicContext {
        private final java.util.SplittableRandom random;
        private final List<Long> delays = new ArrayList<>();

        RecordingContext(long seed) {
            random = new java.util.SplittableRandom(seed);
        }

        static List<Long> delays(long seed) {
            RecordingContext ctx = new RecordingContext(seed);
            Toxic t = new dev.imbench.chaos.toxic.LatencyToxic(100, 50);
            for (int i = 0; i < 20; i++) {
                t.onChunk(io.netty.buffer.Unpooled.buffer(1).writeByte(i), ctx);
            }
            return ctx.delays;
        }

        @Override public void forward(io.netty.buffer.ByteBuf chunk) { chunk.release(); }
        @Override public void schedule(Runnable task, long delayNanos) { delays.add(delayNanos); }
        @Override public long nanoTime() { return 0; }
        @Override public void close() { }
        @Override public void reset() { }
        @Override public long connectionSeed() { return 1; }
        @Override public long connectedAtNanos() { return 0; }
        @Override public java.util.SplittableRandom random() { return random; }
    }
}
