package dev.imbench.reports.summary;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

class SloTest {

    private final SloPaths paths = new SloPaths(List.of("warmup", "steady"), List.of("3g"), List.of("subway"));

    @Test
    void shouldParseUnitsIntoMilliseconds() {
        assertEquals(0.5, Slo.parse("latency.ack.p50 < 500us").limit());
        assertEquals(2000.0, Slo.parse("latency.login.max <= 2s").limit());
        assertEquals(Slo.Op.GE, Slo.parse("throughput.c2cPerSec >= 1000").op());
        assertEquals(0.95, Slo.parse("generator.achievedFraction >= 95%").limit(), 1e-9);
        assertThrows(IllegalArgumentException.class, () -> Slo.parse("delivery.lost == 0ms"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Slo.parse(" ")).getMessage().contains("empty"));
    }

    @Test
    void shouldAcceptScopedPathsAndTheNewPercentiles() {
        for (String ok : List.of("latency.e2e.online.p99 < 200ms", "latency.ack.p75 < 5ms", "latency.ack.p95 < 9ms",
                "phase.steady.latency.ack.p99 < 50ms", "slice.3g.latency.e2e.p99 < 2s",
                "fault.subway.during.delivery.lost == 0", "fault.subway.after.latency.e2e.offline.raw.p999 < 9s",
                "phase.steady.throughput.c2cPerSec >= 100", "generator.lagP99Ms < 50ms",
                "fault.subway.recovery.backlogMs < 10s", "fault.subway.recovery.firstAckMs < 2s")) {
            assertDoesNotThrow(() -> paths.check(Slo.parse(ok)), ok);
        }
    }

    @Test
    void shouldRefuseAPathTheScenarioWillNotProduceAndListTheValidOnes() {
        String msg = assertThrows(IllegalArgumentException.class,
                () -> paths.check(Slo.parse("phase.burst.latency.ack.p99 < 5ms"))).getMessage();
        assertTrue(msg.contains("\"phase.burst.latency.ack.p99\" names no number"), msg);
        assertTrue(msg.contains("phase.<warmup|steady>"), msg);
        assertTrue(msg.contains("p75") && msg.contains("p95") && msg.contains("slice.<3g>") && msg.contains("fault.<subway>"), msg);
        assertThrows(IllegalArgumentException.class, () -> paths.check(Slo.parse("latency.e2e.p98 < 5ms")));
        assertThrows(IllegalArgumentException.class, () -> paths.check(Slo.parse("slice.2g.latency.e2e.p99 < 5ms")));
        assertThrows(IllegalArgumentException.class, () -> paths.check(Slo.parse("fault.subway.latency.e2e.p99 < 5ms")));
    }

    @Test
    void shouldPrintValuesWithTheirUnits() {
        assertEquals("ms", Slo.parse("latency.e2e.p99 < 1s").unit());
        assertEquals("/s", Slo.parse("throughput.sendsPerSec > 1").unit());
        assertEquals("count", Slo.parse("delivery.lost == 0").unit());
        assertEquals("count", Slo.parse("latency.e2e.count > 0").unit());
        assertEquals("fraction", Slo.parse("clients.peakOnlineFraction > 0.9").unit());
        assertEquals("28.879 ms", SloPaths.withUnit(28.879, "ms"));
        assertEquals("203.17/s", SloPaths.withUnit(203.17, "/s"));
        assertEquals("3", SloPaths.withUnit(3, "count"));
        assertEquals("0.5 (50.0 %)", SloPaths.withUnit(0.5, "fraction"));
    }
}
