package dev.imbench.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationTextTest {

    @Test
    void shouldReadEveryFormWithAUnit() {
        assertEquals(Duration.ofMillis(500), DurationText.parse("500ms"));
        assertEquals(Duration.ofSeconds(30), DurationText.parse("30s"));
        assertEquals(Duration.ofMillis(1500), DurationText.parse("1.5s"));
        assertEquals(Duration.ofMinutes(2), DurationText.parse(" 2 m "));
        assertEquals(Duration.ofHours(1), DurationText.parse("1H"));
        assertEquals(Duration.ofSeconds(5), DurationText.parse("PT5S"));
        assertEquals(Duration.ofSeconds(5), DurationText.parse("pt5s"));
        assertEquals(Duration.ZERO, DurationText.parse("0ms"));
        assertEquals(Duration.ofSeconds(7), DurationText.parse(Duration.ofSeconds(7)));
    }

    @Test
    void shouldRefuseABareNumberSayingWhichUnitsToWrite() {
        for (Object bare : new Object[] {"30", 30, 30L, 1.5, "0"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DurationText.parse(bare));
            assertTrue(e.getMessage().startsWith("a duration needs a unit: write " + bare + "ms or " + bare + "s"),
                    e.getMessage());
        }
    }

    @Test
    void shouldRefuseAnythingElseNamingTheForms() {
        for (String bad : new String[] {"soon", "-5s", "5 seconds", "5sec", "PT", "PTfive", "", "1e3ms"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> DurationText.parse(bad));
            assertTrue(e.getMessage().contains("500ms, 30s, 2m, 1h or PT30S"), e.getMessage());
        }
    }

    @Test
    void shouldFormatSoThatItParsesBack() {
        for (Duration d : new Duration[] {Duration.ZERO, Duration.ofMillis(1), Duration.ofMillis(1500), Duration.ofHours(2)}) {
            assertEquals(d, DurationText.parse(DurationText.format(d)));
        }
        assertEquals("1500ms", DurationText.format(Duration.ofMillis(1500)));
        assertEquals("30s", DurationText.format(Duration.ofSeconds(30)));
    }
}
