package dev.imbench.runner;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.scenario.Overrides;
import dev.imbench.scenario.Scenario;
import dev.imbench.scenario.ScenarioLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One seed, one run, through the runner: a warm-up, two phases of c2c and group messages, churn, a weak-network
 * slice and a fault on seeded clients; the run directory's decisions.csv is the same byte for byte for the
 * same seed, and another seed gives another.
 */
class SameSeedSameRunTest {

    @TempDir
    Path out;

    private byte[] decisions(long seed) throws Exception {
        Scenario s = new ScenarioLoader(SimulationWorkload.knownProfiles()).parse("seeded.yaml", """
                name: seeded
                seed: %d
                population: {clients: 30, rampPerSec: 1000}
                groups: {count: 3, minSize: 3, maxSize: 8}
                warmup: 500ms
                phases:
                  - {name: steady, duration: 1s, rates: {c2c: 120, c2g: 20}}
                  - {name: busy, duration: 1s, rates: {c2c: 240, c2g: 20}, churnPerSec: 0.1}
                network: [{profile: 3g, fraction: 0.3}]
                faults: [{at: 200ms, action: profile, target: 4g, fraction: 0.5, lasting: 500ms}]
                drainTimeout: 20s
                """.formatted(seed), Overrides.none());
        RunOptions o = new RunOptions(out.resolve("s" + seed + "-" + System.nanoTime()), "./imbench run seeded.yaml",
                false, null, 0.2, false, List.of());
        RunOutcome outcome = new ScenarioRunner(new SimulationWorkload(), p -> { },
                new PrintStream(new ByteArrayOutputStream())).run(s, o);
        Path file = outcome.dir().file("decisions.csv");
        assertTrue(Files.exists(file), outcome.message());
        assertEquals("valid", outcome.summary().at("/delivery/verdict").asText(), outcome.message());
        return Files.readAllBytes(file);
    }

    @Test
    void shouldWriteTheSameDecisionLogForTheSameSeedAndAnotherForAnotherSeed() throws Exception {
        byte[] first = decisions(4);
        byte[] again = decisions(4);
        byte[] other = decisions(5);
        List<String> rows = new String(first, java.nio.charset.StandardCharsets.UTF_8).lines().toList();
        System.out.printf("runner decisions.csv: %d rows for seed 4, identical on rerun: %b, seed 5 differs: %b%n",
                rows.size() - 1, Arrays.equals(first, again), !Arrays.equals(first, other));
        for (String phase : List.of("warmup", "steady", "busy")) {
            assertTrue(rows.stream().anyMatch(r -> r.startsWith(phase + ",")), "rows of " + phase);
        }
        assertTrue(rows.stream().anyMatch(r -> r.split(",")[3].startsWith("g")), "group messages");
        assertTrue(rows.size() > 300, "rows " + rows.size());
        assertArrayEquals(first, again, "same seed, same decisions.csv");
        assertFalse(Arrays.equals(first, other), "another seed, other decisions");
    }
}
