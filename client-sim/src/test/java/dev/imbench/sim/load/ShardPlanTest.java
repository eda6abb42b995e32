package dev.imbench.sim.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Shard i of n owns the indexes i mod n: every client on exactly one shard, sizes within one of each other. */
class ShardPlanTest {

    @Test
    void shouldGiveEveryClientToExactlyOneShard() {
        int clients = 1003;
        int total = 0;
        for (int i = 0; i < 7; i++) {
            ShardPlan p = new ShardPlan(i, 7);
            int owned = 0;
            for (int c = 0; c < clients; c++) {
                owned += p.owns(c) ? 1 : 0;
                assertEquals(p.owns(c), p.ownerOf(c) == i);
            }
            assertEquals(owned, p.size(clients));
            assertTrue(owned == 143 || owned == 144, "even split: " + owned);
            total += owned;
        }
        assertEquals(clients, total);
    }

    @Test
    void shouldParseIndexSlashCountAndRefuseAnythingElse() {
        assertEquals(new ShardPlan(2, 4), ShardPlan.parse("2/4"));
        assertFalse(ShardPlan.parse("0/1").partial());
        for (String bad : new String[] {"4/4", "-1/4", "1/0", "1", "a/b", "/4", "1/", ""}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ShardPlan.parse(bad), bad);
            assertTrue(e.getMessage().contains("0/4") || e.getMessage().contains("0.."), e.getMessage());
        }
    }
}
