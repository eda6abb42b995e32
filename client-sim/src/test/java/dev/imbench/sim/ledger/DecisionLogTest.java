package dev.imbench.sim.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.sim.load.LoadProfile;
import dev.imbench.sim.load.LoadPhase;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DecisionLogTest {

    private static final long MS = 1_000_000L;
    private static final long ORIGIN = 5_000 * MS;
    private final DeliveryLedger ledger = new DeliveryLedger(3, new GroupDirectory(List.of(new int[] {0, 1, 2})),
            ORIGIN, i -> "u" + i);
    private final List<LoadPhase> phases = List.of(
            new LoadPhase("idle", LoadProfile.IDLE, ORIGIN, 0, false, 0),
            new LoadPhase("steady", LoadProfile.constant(1, 0), ORIGIN + 100 * MS, 1000 * MS, true, 1),
            new LoadPhase("peak, late", LoadProfile.constant(1, 0), ORIGIN + 1200 * MS, 1000 * MS, true, 2));

    @Test
    void shouldSortRowsByPhaseOffsetSenderAndIdWithOffsetsFromThePhaseStart(@TempDir Path dir) throws Exception {
        ledger.attempt(2, DeliveryLedger.c2c(0), ORIGIN + 150 * MS);            // steady +50 ms, id 2:1
        ledger.attempt(1, DeliveryLedger.c2g(0), ORIGIN + 150 * MS);            // steady +50 ms, id 1:1
        ledger.attempt(1, DeliveryLedger.c2c(2), ORIGIN + 1200 * MS + 7_000);   // peak +7 us, id 1:2
        // A second device of client 2 (kickout) logs an earlier intended time after a later one.
        ledger.attempt(2, DeliveryLedger.c2c(1), ORIGIN + 1300 * MS);           // peak +100 ms, id 2:2
        ledger.attempt(2, DeliveryLedger.c2c(1), ORIGIN + 1250 * MS);           // peak +50 ms, id 2:3

        Path file = dir.resolve("decisions.csv");
        DecisionLog.Written w = DecisionLog.write(ledger, phases, file, DecisionLog.MAX_ROWS);

        assertEquals(List.of(DecisionLog.HEADER,
                "steady,50000,1,g0," + MessageIds.of(1, 1),
                "steady,50000,2,0," + MessageIds.of(2, 1),
                "\"peak, late\",7,1,2," + MessageIds.of(1, 2),
                "\"peak, late\",50000,2,1," + MessageIds.of(2, 3),
                "\"peak, late\",100000,2,1," + MessageIds.of(2, 2)), Files.readAllLines(file));
        assertEquals(new DecisionLog.Written(5, 5), w);
        assertFalse(w.truncated());
    }

    @Test
    void shouldStopAtTheRowCapAndSaySo(@TempDir Path dir) throws Exception {
        for (int i = 0; i < 10; i++) {
            ledger.attempt(i % 3, DeliveryLedger.c2c((i + 1) % 3), ORIGIN + (200 + i) * MS);
        }
        Path file = dir.resolve("decisions.csv");
        DecisionLog.Written w = DecisionLog.write(ledger, phases, file, 4);
        List<String> lines = Files.readAllLines(file);
        assertEquals(5, lines.size(), "header and the first four rows");
        assertTrue(lines.get(4).startsWith("steady,103000,"), lines.toString());
        assertEquals(10, w.rows());
        assertEquals(4, w.written());
        assertTrue(w.truncated());
        assertThrows(IllegalArgumentException.class, () -> DecisionLog.write(ledger, phases, file, -1));
    }

    @Test
    void shouldWriteOnlyTheHeaderForARunWithoutSends(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("decisions.csv");
        assertEquals(new DecisionLog.Written(0, 0), DecisionLog.write(ledger, phases, file, DecisionLog.MAX_ROWS));
        assertEquals(DecisionLog.HEADER + "\n", Files.readString(file));
    }
}
