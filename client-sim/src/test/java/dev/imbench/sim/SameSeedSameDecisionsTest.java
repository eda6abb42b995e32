package dev.imbench.sim;

import dev.imbench.testsupport.FakeGate;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.sim.client.Backoff;
import dev.imbench.sim.client.ClientSettings;
import dev.imbench.sim.ledger.DecisionLog;
import dev.imbench.sim.ledger.DeliveryReport;
import dev.imbench.sim.load.ArrivalProcess;
import dev.imbench.sim.load.LoadProfile;
import dev.imbench.sim.transport.PipelineHook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One seed, one run: the decision log (who sends what to whom, when it is intended, with which client
 * message id) is a function of the seed alone, whatever the machine's timing; another seed gives another log.
 */
class SameSeedSameDecisionsTest {

    private static final ClientSettings FAST = ClientSettings.DEFAULTS
            .withTimeouts(Duration.ofSeconds(1), Duration.ofMillis(500), Duration.ofSeconds(2))
            .withRetries(new Backoff(20_000_000L, 200_000_000L), 3);
    private static final int CLIENTS = 24;
    private static final Duration STEADY = Duration.ofMillis(800);
    private static final Duration RAMP = Duration.ofMillis(400);

    /** A run with c2c and c2g, a Poisson phase and a constant-rate ramp of rates, churn in between. */
    private static byte[] run(long seed, Path dir) throws Exception {
        try (FakeGate gate = FakeGate.start()) {
            SimulationConfig config = SimulationConfig.builder().seed(seed).clients(CLIENTS)
                    .transport(new TransportSpec.Local(gate.localAddress(), 1, PipelineHook.NONE))
                    .tokens((uid, device) -> "t").client(FAST)
                    .groups(List.of(new int[] {0, 1, 2, 3, 4}, new int[] {5, 6, 7, 8, 9, 10, 11}))
                    .build();
            try (Simulation sim = Simulation.create(config)) {
                sim.ramp(CLIENTS, 2000);
                assertTrue(sim.awaitOnline(CLIENTS, Duration.ofSeconds(10)));
                assertTrue(sim.createGroups(Duration.ofSeconds(5)));
                runFor(sim, "steady", LoadProfile.constant(240, 60), STEADY);
                sim.churn(0.3);
                runFor(sim, "ramp", new LoadProfile(100, 300, 20, 20, ArrivalProcess.CONSTANT, 0), RAMP);
                assertTrue(sim.drain(Duration.ofSeconds(15)), "drain completes");
                DeliveryReport r = sim.writeRunFiles(dir);
                assertEquals("valid", r.verdict(), r.toString());
                byte[] file = Files.readAllBytes(dir.resolve("decisions.csv"));
                List<String> lines = Files.readAllLines(dir.resolve("decisions.csv"));
                assertEquals(DecisionLog.HEADER, lines.get(0));
                assertEquals(r.attempted(), lines.size() - 1, "one row per send action");
                return file;
            }
        }
    }

    private static void runFor(Simulation sim, String name, LoadProfile profile, Duration d) {
        long end = System.nanoTime() + d.toNanos();
        sim.phase(name, profile, d);
        await().atMost(d.plusSeconds(5)).pollInterval(Duration.ofMillis(20)).until(() -> System.nanoTime() >= end);
    }

    @Test
    void shouldWriteTheSameDecisionsForTheSameSeedAndOthersForAnotherSeed(@TempDir Path dir) throws Exception {
        byte[] first = run(11, dir.resolve("a"));
        byte[] second = run(11, dir.resolve("b"));
        byte[] other = run(12, dir.resolve("c"));

        List<String> rows = Files.readAllLines(dir.resolve("a/decisions.csv"));
        System.out.printf("decisions.csv: %d rows for seed 11 (%d bytes), identical on rerun: %b; seed 12: %d bytes%n",
                rows.size() - 1, first.length, Arrays.equals(first, second), other.length);
        // About 240+60 per second for 0.8 s, then 120..320 for 0.4 s: a few hundred rows of both phases and kinds.
        assertTrue(rows.size() > 250, "rows " + rows.size());
        assertTrue(rows.stream().anyMatch(l -> l.startsWith("steady,")) && rows.stream().anyMatch(l -> l.startsWith("ramp,")));
        assertTrue(rows.stream().anyMatch(l -> l.split(",")[3].startsWith("g")), "group messages are logged");
        for (String row : rows.subList(1, rows.size())) {
            long offset = Long.parseLong(row.split(",")[1]);
            long limit = (row.startsWith("steady,") ? STEADY : RAMP).toNanos() / 1000;
            assertTrue(offset >= 0 && offset < limit, "intended within its phase: " + row);
        }
        assertArrayEquals(first, second, "the same seed gives the same decisions.csv, byte for byte");
        assertFalse(Arrays.equals(first, other), "another seed gives other decisions");
    }
}
