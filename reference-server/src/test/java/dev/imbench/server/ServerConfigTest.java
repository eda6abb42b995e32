package dev.imbench.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ServerConfigTest {

    @Test
    void shouldStartFromNamedDefaults() {
        ServerConfig c = ServerConfig.defaults();
        assertEquals(0, c.tcpPort());
        assertEquals(Duration.ofSeconds(5), c.offlinePushDelay());
        assertEquals(FanoutMode.WRITE, c.fanoutMode());
        assertEquals(10, c.pullDefaultLimit());
        assertEquals(64 * 1024, c.maxBodyLength());
    }

    @Test
    void shouldReadYamlLikeMapWithDurationStringsAndEnumNames() {
        ServerConfig c = ServerConfig.fromMap(Map.of("tcpPort", 9000, "offlinePushDelay", "250ms",
                "idleTimeout", "3m", "fanoutMode", "read", "tokenTtl", "PT1M", "wsPort", "-1"));
        assertEquals(9000, c.tcpPort());
        assertEquals(-1, c.wsPort());
        assertEquals(Duration.ofMillis(250), c.offlinePushDelay());
        assertEquals(Duration.ofMinutes(3), c.idleTimeout());
        assertEquals(FanoutMode.READ, c.fanoutMode());
        assertEquals(Duration.ofMinutes(1), c.tokenTtl());
    }

    @Test
    void shouldRefuseABareNumberAsADurationNamingTheKeyAndTheUnits() {
        for (Object bare : new Object[] {30, "30", 60_000L}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ServerConfig.fromMap(Map.of("idleTimeout", bare)));
            assertTrue(e.getMessage().contains("idleTimeout") && e.getMessage().contains("needs a unit")
                    && e.getMessage().contains(bare + "s"), e.getMessage());
        }
    }

    @Test
    void shouldRoundTripThroughMap() {
        ServerConfig c = ServerConfig.builder().httpPort(8080).kickoutGrace(Duration.ofMillis(10)).build();
        assertEquals(c, ServerConfig.fromMap(c.toMap()));
    }

    @Test
    void shouldRefuseUnknownKeysAndInvalidValuesNamingThem() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.fromMap(Map.of("tcpPrt", 1)));
        assertTrue(unknown.getMessage().contains("tcpPrt") && unknown.getMessage().contains("tcpPort"));
        IllegalArgumentException bad = assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.fromMap(Map.of("offlinePushDelay", "soon")));
        assertTrue(bad.getMessage().contains("offlinePushDelay"));
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.builder().tcpPort(70_000).build());
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.builder().pullDefaultLimit(0).build());
        assertThrows(IllegalArgumentException.class, () -> ServerConfig.builder().tokenSecret("short").build());
        assertThrows(IllegalArgumentException.class,
                () -> ServerConfig.builder().writeLowWaterMark(10).writeHighWaterMark(5).build());
    }
}
