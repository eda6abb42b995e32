package dev.imbench.chaos.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A proxy's seed: the documented derivation from the server seed and the proxy's name. */
class ProxySeedTest {

    @Test
    void shouldGiveProxiesWhoseNamesShareAStringHashUnrelatedDraws() {
        assertEquals("Aa".hashCode(), "BB".hashCode(), "the names collide under String.hashCode()");
        assertNotEquals(ProxyStore.seedOf(7, "Aa"), ProxyStore.seedOf(7, "BB"));
        assertNotEquals(ProxyStore.seedOf(7, "gate"), ProxyStore.seedOf(8, "gate"), "another server seed, other draws");
    }

    @Test
    void shouldFollowTheDocumentedDerivation() {
        // FNV-1a 64 of "a" is 0xaf63dc4c8601ec8c (the published test vector).
        assertEquals(new SplittableRandom(42 ^ 0xaf63dc4c8601ec8cL).nextLong(), ProxyStore.seedOf(42, "a"));
        // And a fixed value, so that a change of the rule (and of every seeded run's draws) is seen.
        assertEquals(-530787788609015531L, ProxyStore.seedOf(42, "gate"));
    }
}
