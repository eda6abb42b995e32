package dev.imbench.runner;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imbench.scenario.Overrides;
import dev.imbench.scenario.Scenario;
import dev.imbench.scenario.ScenarioLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The simulator workload's run files through the runner: the warm-up phase and its
 * tags, fault spans on the run clock, per-slice logs, generator.json, and an
 * interrupted run that still writes everything.
 */
class SimulationWorkloadRunFilesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path out;

    private static Scenario scenario(String yaml) {
        return new ScenarioLoader(SimulationWorkload.knownProfiles()).parse("unit.yaml", yaml, Overrides.none());
    }

    @Test
    void shouldRunTheWarmupFirstAndWriteFaultsOnTheRunClock() throws Exception {
        Scenario s = scenario("""
                name: warm
                population: {clients: 30, rampPerSec: 1000}
                warmup: 1s
                phases: [{name: steady, duration: 1500ms, rates: {c2c: 150}}]
                network: [{profile: 4g, fraction: 0.3}]
                faults: [{at: 300ms, action: profile, target: 3g, fraction: 0.5, lasting: 600ms}]
                generator: {minAchieved: 0.9, maxLag: 250ms}
                drainTimeout: 20s
                """);
        RunOptions o = new RunOptions(out, "./imbench run unit.yaml", false, null, 0.2, false, List.of());
        RunOutcome outcome = new ScenarioRunner(new SimulationWorkload(), p -> { },
                new PrintStream(new ByteArrayOutputStream())).run(s, o);
        assertEquals(0, outcome.exitCode(), outcome.message());
        Path dir = outcome.dir().path();

        JsonNode run = JSON.readTree(dir.resolve("run.json").toFile());
        assertEquals(List.of("ramp", "warmup", "steady", "drain"), run.get("phases").findValuesAsText("name"));
        assertTrue(run.at("/phases/1/warmup").asBoolean());
        assertFalse(run.at("/phases/2").has("warmup"), "measured phases carry no flag");
        assertFalse(run.get("interrupted").asBoolean());
        assertEquals(0.9, run.at("/judge/generator/minAchievedFraction").asDouble(), "the scenario's generator limits");
        assertEquals(250.0, run.at("/judge/generator/maxLagP99Ms").asDouble());
        JsonNode fault = run.at("/faults/0");
        assertEquals("3g", fault.get("name").asText());
        assertEquals("profile", fault.get("action").asText());
        long steadyStart = run.at("/phases/2/start").asLong();
        // "at" counts from the first measured phase; run.json counts from the run start, as the charts do.
        assertTrue(fault.get("start").asLong() >= steadyStart + 300, run.toString());
        assertTrue(fault.get("end").asLong() >= steadyStart + 300 + 600 - 5, "lifted 600 ms after it was due: " + run);
        assertTrue(fault.get("clients").asInt() > 0);
        String events = Files.readString(dir.resolve("events.jsonl"));
        assertTrue(events.contains("{\"t\":" + fault.get("start").asLong() + ",\"type\":\"fault\",\"name\":\"3g\""),
                "events.jsonl and run.json share the clock: " + events);

        JsonNode gen = JSON.readTree(dir.resolve("generator.json").toFile());
        assertEquals(List.of("ramp", "warmup", "steady", "drain"), gen.get("phases").findValuesAsText("name"));
        assertTrue(gen.at("/phases/1/warmup").asBoolean() && gen.at("/phases/1/offered").asLong() > 50, gen.toString());
        assertTrue(gen.at("/phases/2/offered").asLong() > 100, gen.toString());

        String e2e = Files.readString(dir.resolve("latency/e2e.hlog"));
        assertTrue(e2e.contains("Tag=warmup-corrected,") && e2e.contains("Tag=corrected,"));
        assertTrue(Files.exists(dir.resolve("latency/slice/4g/e2e.hlog")));
        assertTrue(Files.exists(dir.resolve("latency/e2e-online.hlog")) && Files.exists(dir.resolve("latency/lag.hlog")));

        JsonNode delivery = JSON.readTree(dir.resolve("delivery.json").toFile());
        assertTrue(delivery.at("/byPhase/warmup/attempted").asLong() > 0);
        assertTrue(delivery.at("/byPhase/steady/attempted").asLong() > 0);
        assertTrue(delivery.at("/byFault/3g/during/attempted").asLong() > 0, delivery.get("byFault").toString());
        assertTrue(delivery.at("/bySlice/4g/expected").asLong() > 0, delivery.get("bySlice").toString());

        String yaml = Files.readString(dir.resolve("scenario.yaml"));
        assertTrue(yaml.contains("warmup: 1s") && yaml.contains("minAchieved: 0.9") && yaml.contains("maxLag: 250ms"), yaml);
    }

    @Test
    void shouldEndAnInterruptedRunEarlyAndStillWriteEveryFile() throws Exception {
        Scenario s = scenario("""
                name: stopped
                population: {clients: 20, rampPerSec: 1000}
                phases: [{name: steady, duration: 60s, rates: {c2c: 100}}]
                faults: [{at: 0s, action: profile, target: 3g, fraction: 0.5}]
                drainTimeout: 60s
                """);
        RunDirectory dir = RunDirectory.create(out, s.name(), s.seed(), Instant.now());
        RunOptions options = new RunOptions(out, "test", false, null, 0.2, false, List.of());
        RunControl control = new RunControl();
        long started = System.nanoTime();
        try (EventLog events = new EventLog(dir.file("events.jsonl"), System.nanoTime())) {
            RunContext ctx = new RunContext(dir, events, null, options, control);
            CompletableFuture<WorkloadResult> run = CompletableFuture.supplyAsync(() -> {
                try {
                    return new SimulationWorkload().run(s, ctx);
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            await().atMost(Duration.ofSeconds(20)).until(() ->
                    Files.readString(dir.file("events.jsonl")).contains("\"type\":\"fault\""));
            control.requestStop("SIGINT");
            WorkloadResult r = run.get();
            long tookMs = (System.nanoTime() - started) / 1_000_000;
            assertTrue(tookMs < 30_000, "a 60 s phase and a 60 s drain timeout were cut short: " + tookMs + " ms");
            assertTrue(r.interrupted());
            assertEquals(control.stoppedAtMs() - r.startedAtEpochMs(), r.interruptedAt());
            WorkloadResult.PhaseSpan steady = r.phases().get(1);
            assertEquals("steady", steady.name());
            assertTrue(steady.end() - r.interruptedAt() < 1000, "the phase ended at the stop request: " + r.phases());
            WorkloadResult.PhaseSpan drain = r.phases().get(2);
            assertTrue(drain.end() - drain.start() <= SimulationWorkload.INTERRUPTED_DRAIN.toMillis() + 1000,
                    "a short bounded drain: " + r.phases());
            assertEquals(1, r.faults().size(), "the fault was lifted and recorded: " + r.faults());
            assertTrue(r.faults().get(0).end() <= drain.start() + 1);
        }
        List<String> missing = new ArrayList<>();
        for (String f : List.of("delivery.json", "counters.json", "series.csv", "generator.json", "latency/ack.hlog",
                "latency/login.hlog")) {
            if (!Files.exists(dir.file(f))) {
                missing.add(f);
            }
        }
        assertEquals(List.of(), missing);
        assertTrue(Files.readString(dir.file("events.jsonl")).contains("every fault lifted"));
    }
}
