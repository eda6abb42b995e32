package dev.imbench.runner;

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
import java.util.List;
import org.HdrHistogram.HistogramLogWriter;
import org.HdrHistogram.Recorder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's verdict and run directory, with a scripted workload in place of the simulator. */
class ScenarioRunnerTest {

    @TempDir
    Path out;

    private static Scenario scenario(String... slos) {
        StringBuilder yaml = new StringBuilder("""
                name: unit
                description: scripted
                population: {clients: 10}
                phases: [{name: steady, duration: 1s}]
                slo:
                """);
        for (String s : slos) {
            yaml.append("  - \"").append(s).append("\"\n");
        }
        return new ScenarioLoader(null).parse("unit.yaml", yaml.toString(), Overrides.none());
    }

    /** Writes what a simulator would: one e2e log and a delivery verdict. */
    private static Workload scripted(long lost, long e2eMicros) {
        return (s, ctx) -> {
            Path latency = Files.createDirectories(ctx.dir().file("latency"));
            try (PrintStream ps = new PrintStream(latency.resolve("e2e.hlog").toFile())) {
                HistogramLogWriter w = new HistogramLogWriter(ps);
                w.outputLogFormatVersion();
                w.outputStartTime(0);
                w.outputLegend();
                Recorder corrected = new Recorder(3);
                Recorder raw = new Recorder(3);
                for (int i = 0; i < 100; i++) {
                    corrected.recordValue(e2eMicros);
                    raw.recordValue(e2eMicros / 2);
                }
                var c = corrected.getIntervalHistogram();
                c.setTag("corrected");
                c.setStartTimeStamp(0);
                c.setEndTimeStamp(1000);
                w.outputIntervalHistogram(c);
                var r = raw.getIntervalHistogram();
                r.setTag("raw");
                r.setStartTimeStamp(0);
                r.setEndTimeStamp(1000);
                w.outputIntervalHistogram(r);
            }
            Files.writeString(ctx.dir().file("delivery.json"), """
                    {"attempted": 100, "acked": 100, "expected": 100, "delivered": %d, "deliveredByPull": 3,
                     "lost": %d, "duplicated": 0, "reordered": 0, "unexpected": 0, "recovered": 0,
                     "valid": %s, "drainComplete": true, "verdict": "%s"}
                    """.formatted(100 - lost, lost, lost == 0, lost == 0 ? "valid" : "invalid"));
            ctx.events().add("phase", "steady", "start");
            return new WorkloadResult(System.currentTimeMillis(), 10, 1000, List.of(new WorkloadResult.PhaseSpan("steady", 0, 1000)), true, "");
        };
    }

    private RunOutcome run(Workload w, Scenario s) {
        RunOptions o = new RunOptions(out, "./imbench run unit.yaml", false, null, 0.2, false, List.of());
        return new ScenarioRunner(w, p -> { }, new PrintStream(new ByteArrayOutputStream())).run(s, o);
    }

    @Test
    void shouldPassAndWriteTheRunDirectoryWhenEverySloHolds() throws Exception {
        RunOutcome o = run(scripted(0, 20_000), scenario("latency.e2e.p99 < 50ms", "delivery.lost == 0"));
        assertEquals(0, o.exitCode(), o.message());
        for (String f : List.of("run.json", "scenario.yaml", "events.jsonl", "summary.json", "delivery.json")) {
            assertTrue(Files.exists(o.dir().file(f)), f);
        }
        JsonNode s = new ObjectMapper().readTree(o.dir().file("summary.json").toFile());
        assertEquals(2, s.get("schema").asInt());
        assertTrue(s.get("passed").asBoolean());
        assertEquals(100, s.at("/latency/e2e/count").asLong());
        assertEquals(20.0, s.at("/latency/e2e/p99").asDouble(), 0.1);
        assertEquals(10.0, s.at("/latency/e2e/raw/p99").asDouble(), 0.1, "raw kept beside corrected");
        assertEquals(100.0, s.at("/throughput/deliveriesPerSec").asDouble(), 0.01);
        assertEquals("steady", new ObjectMapper().readTree(o.dir().file("run.json").toFile()).at("/phases/0/name").asText());
    }

    @Test
    void shouldExitOneForAnImpossibleSlo() throws Exception {
        RunOutcome o = run(scripted(0, 20_000), scenario("latency.e2e.p99 < 1us"));
        assertEquals(1, o.exitCode());
        JsonNode row = new ObjectMapper().readTree(o.dir().file("summary.json").toFile()).at("/slo/0");
        assertFalse(row.get("passed").asBoolean());
        assertEquals(20.0, row.get("actual").asDouble(), 0.1);
    }

    @Test
    void shouldExitOneWhenAMessageWasLostEvenWithoutSlos() {
        assertEquals(1, run(scripted(2, 1000), scenario()).exitCode());
    }

    @Test
    void shouldFailAnSloOnAMetricThatWasNotMeasured() throws Exception {
        RunOutcome o = run(scripted(0, 1000), scenario("latency.kickout.p99 < 1s"));
        assertEquals(1, o.exitCode());
        JsonNode row = new ObjectMapper().readTree(o.dir().file("summary.json").toFile()).at("/slo/0");
        assertTrue(row.get("note").asText().startsWith("not measured"));
    }

    @Test
    void shouldExitTwoWhenTheEnvironmentBreaks() throws Exception {
        RunOutcome o = run((s, ctx) -> {
            throw new IllegalStateException("gate unreachable");
        }, scenario());
        assertEquals(2, o.exitCode());
        assertTrue(o.message().contains("gate unreachable"));
        assertTrue(Files.readString(o.dir().file("events.jsonl")).contains("run aborted"));
    }

    @Test
    void shouldExitTwoWhenTheSimulatorLeftNoVerdict() {
        RunOutcome o = run((s, ctx) -> new WorkloadResult(System.currentTimeMillis(), 0, 1, List.of(), true, ""), scenario());
        assertEquals(2, o.exitCode());
        assertTrue(o.message().contains("delivery.json"), o.message());
    }
}
