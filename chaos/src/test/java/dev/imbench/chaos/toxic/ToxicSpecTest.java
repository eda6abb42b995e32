package dev.imbench.chaos.toxic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class ToxicSpecTest {

    @Test
    void shouldFillToxiproxyDefaults() {
        ToxicSpec s = new ToxicSpec(null, "latency", null, 1.0, null);
        assertEquals("latency_downstream", s.name());
        assertEquals(Direction.DOWNSTREAM, s.stream());
        assertEquals(Map.of("latency", 0L, "jitter", 0L), s.attributes());
    }

    @Test
    void shouldRejectUnknownTypeListingKnownOnes() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
            () -> ToxicSpec.of("teleport", Direction.UPSTREAM, Map.of()));
        assertTrue(e.getMessage().contains("teleport") && e.getMessage().contains("limit_data"), e.getMessage());
    }

    @Test
    void shouldRejectNegativeAbsurdAttributesAndBadToxicity() {
        assertThrows(IllegalArgumentException.class, () -> ToxicSpec.of("latency", Direction.UPSTREAM, Map.of("latency", -1L)));
        assertThrows(IllegalArgumentException.class,
            () -> ToxicSpec.of("bandwidth", Direction.UPSTREAM, Map.of("rate", Long.MAX_VALUE)));
        assertThrows(IllegalArgumentException.class, () -> new ToxicSpec("x", "latency", Direction.UPSTREAM, 1.5, Map.of()));
        assertThrows(IllegalArgumentException.class, () -> Direction.parse("sideways"));
        assertEquals(Direction.UPSTREAM, Direction.parse("UpStream"));
    }

    @Test
    void shouldChangeOnlyAttributesAndToxicityOnUpdate() {
        ToxicSpec s = new ToxicSpec("lat", "latency", Direction.UPSTREAM, 1.0, Map.of("latency", 5L));
        ToxicSpec u = s.withUpdate(Map.of("jitter", 2L), 0.25);
        assertEquals(new ToxicSpec("lat", "latency", Direction.UPSTREAM, 0.25, Map.of("latency", 5L, "jitter", 2L)), u);
    }
}
