package dev.imbench.server.backends;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.server.ServerConfig;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading the back-end keys of a scenario's server: section. */
class BackendConfigTest {

    @Test
    void shouldDefaultToMemoryAndFourLocalShards() {
        BackendConfig c = BackendConfig.defaults();
        assertEquals(StorageKind.MEMORY, c.storage());
        assertEquals(RoutingKind.MEMORY, c.routing());
        assertEquals(4, c.mysqlUrls().size());
        assertEquals("jdbc:mysql://127.0.0.1:3306/imbench_shard_3", c.mysqlUrls().get(3));
        assertEquals(Duration.ofSeconds(30), c.presenceTtl());
    }

    @Test
    void shouldReadUrlsAsListOrCommaStringAndDurationsInAnyForm() {
        BackendConfig c = BackendConfig.fromMap(Map.of("storage", "MySQL", "routing", "redis",
                "mysqlUrls", "jdbc:mysql://h:1/a, jdbc:mysql://h:1/b", "presenceTtl", "500ms"));
        assertEquals(StorageKind.MYSQL, c.storage());
        assertEquals(List.of("jdbc:mysql://h:1/a", "jdbc:mysql://h:1/b"), c.mysqlUrls());
        assertEquals(Duration.ofMillis(500), c.presenceTtl());
        assertEquals(3, BackendConfig.fromMap(Map.of("mysqlUrls", List.of("a", "b", "c"))).mysqlUrls().size());
        assertEquals(Duration.ofMinutes(2), BackendConfig.fromMap(Map.of("presenceTtl", "2m")).presenceTtl());
    }

    @Test
    void shouldRejectBadValuesNamingTheProblem() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BackendConfig.fromMap(Map.of("storage", "postgres")));
        assertTrue(e.getMessage().contains("POSTGRES"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> BackendConfig.fromMap(Map.of("shards", 3, "mysqlUrls", "a,b")));
        assertThrows(IllegalArgumentException.class, () -> BackendConfig.fromMap(Map.of("mysqlPoolSize", 0)));
        IllegalArgumentException bare = assertThrows(IllegalArgumentException.class,
                () -> BackendConfig.fromMap(Map.of("presenceTtl", 30)));
        assertTrue(bare.getMessage().contains("presenceTtl: a duration needs a unit"), bare.getMessage());
        assertThrows(IllegalArgumentException.class, () -> BackendConfig.fromMap(Map.of("mysqlBatchMaxWait", "5")));
        assertThrows(IllegalArgumentException.class, () -> BackendConfig.fromMap(Map.of("presenceTtl", "10ms")));
    }

    @Test
    void shouldLeaveOnlyServerKeysForServerConfig() {
        Map<String, Object> section = Map.of("storage", "mysql", "routing", "redis", "gateId", "gate-3");
        assertEquals(Map.of("gateId", "gate-3"), BackendConfig.serverKeys(section));
        assertEquals("gate-3", ServerConfig.fromMap(BackendConfig.serverKeys(section)).gateId());
    }
}
