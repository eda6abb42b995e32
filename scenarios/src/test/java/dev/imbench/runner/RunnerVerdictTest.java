package dev.imbench.runner;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imbench.scenario.Overrides;
import dev.imbench.scenario.Scenario;
import dev.imbench.scenario.ScenarioLoader;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The runner's hand-off to the judge: run.json's judge block, interrupted and refused runs. */
class RunnerVerdictTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path out;

    private final ByteArrayOutputStream printed = new ByteArrayOutputStream();

    private static Scenario scenario() {
        return new ScenarioLoader(null).parse("unit.yaml", """
                name: unit
                population: {clients: 10}
                phases: [{name: steady, duration: 1s}]
                slo: ["delivery.lost == 0", "latency.e2e.p99 < 5s"]
                generator: {minAchieved: 0.9, maxLag: 250ms}
                """, Overrides.none());
    }

    private RunOutcome run(Workload w, RunControl control, Path baseline) {
        RunOptions o = new RunOptions(out, "./imbench run unit.yaml", false, baseline, 0.2, false, List.of());
        return new ScenarioRunner(w, p -> { }, new PrintStream(printed, true, StandardCharsets.UTF_8)).run(scenario(), o, control);
    }

    private static JsonNode json(Path f) throws Exception {
        return JSON.readTree(f.toFile());
    }

    /** A simulator stand-in: waits until asked to stop (or 30 s), then writes its files like the real one. */
    private static Workload untilStopped(CountDownLatch running) {
        return (s, ctx) -> {
            long start = System.currentTimeMillis();
            running.countDown();
            boolean stopped = ctx.control().awaitStop(30, TimeUnit.SECONDS);
            return incompleteDrain(ctx, start, !stopped);
        };
    }

    /** The files of a run whose drain did not complete: one message still undelivered. */
    private static WorkloadResult incompleteDrain(RunContext ctx, long start, boolean drainComplete) throws Exception {
        Files.writeString(ctx.dir().file("delivery.json"), """
                {"attempted": 5, "acked": 5, "expected": 5, "delivered": 4, "deliveredByPull": 0, "lost": 0,
                 "duplicated": 0, "reordered": 0, "unexpected": 0, "recovered": 0,
                 "valid": false, "drainComplete": false, "verdict": "incomplete"}
                """);
        long end = Math.max(1, System.currentTimeMillis() - start);
        return new WorkloadResult(start, 10, end, List.of(new WorkloadResult.PhaseSpan("steady", 0, end)), drainComplete, "");
    }

    @Test
    void shouldWriteEveryFileMarkedInterruptedAndExit130WhenAskedToStopMidRun() throws Exception {
        RunControl control = new RunControl();
        CountDownLatch running = new CountDownLatch(1);
        Thread.ofVirtual().start(() -> {
            try {
                running.await();
                control.requestStop("SIGINT");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        long t0 = System.nanoTime();
        RunOutcome o = run(untilStopped(running), control, null);
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(20), "the stop request ended the run early");
        assertEquals(130, o.exitCode(), o.message());
        JsonNode run = json(o.dir().file("run.json"));
        assertTrue(run.get("interrupted").asBoolean());
        assertEquals("SIGINT", run.get("interruptedBy").asText());
        assertTrue(run.get("interruptedAt").asLong() >= 0);
        JsonNode s = json(o.dir().file("summary.json"));
        assertEquals("interrupted", s.get("verdict").asText());
        assertEquals(130, s.get("exitCode").asInt());
        assertFalse(s.get("passed").asBoolean());
        assertTrue(s.get("interrupted").asBoolean());
        s.get("slo").forEach(r -> assertEquals("not judged", r.get("status").asText(), r.toString()));
        assertTrue(Files.readString(o.dir().file("events.jsonl")).contains("stopped by SIGINT"));
        assertTrue(Files.readString(o.dir().file("junit.xml")).contains("INTERRUPTED at t = "));
        assertTrue(o.message().startsWith("INTERRUPTED at t = "), o.message());
        assertTrue(printed.toString(StandardCharsets.UTF_8).contains("imbench: run directory " + o.dir().path()),
                "the run directory is printed when the run starts");
    }

    @Test
    void shouldWriteABrokenSummaryWithExitTwoWhenTheWorkloadRefusesTheRun() throws Exception {
        RunOutcome o = run((s, ctx) -> {
            throw new UnsupportedOperationException("fanout=read with routing=redis is not supported yet");
        }, new RunControl(), null);
        assertEquals(2, o.exitCode());
        JsonNode s = json(o.dir().file("summary.json"));
        assertEquals("broken", s.get("verdict").asText());
        assertEquals(2, s.get("exitCode").asInt());
        assertEquals("the run was refused: fanout=read with routing=redis is not supported yet", s.get("why").asText());
        assertTrue(Files.readString(o.dir().file("junit.xml")).contains("<error message=\"the run was refused"));
        assertEquals("unit", json(o.dir().file("run.json")).get("scenario").asText(), "run.json is there too");
    }

    @Test
    void shouldRecordWhatToJudgeByInRunJsonAndPutTheBaselineVerdictInTheSummary() throws Exception {
        Path base = out.resolve("base.json");
        Files.writeString(base, "{\"latency\": {}, \"delivery\": {\"lost\": 0, \"unexpected\": 0},"
                + " \"throughput\": {\"sendsPerSec\": 1000000, \"deliveriesPerSec\": 1000000}}");
        RunOutcome o = run((s, ctx) -> incompleteDrain(ctx, System.currentTimeMillis(), false), new RunControl(), base);
        JsonNode judge = json(o.dir().file("run.json")).get("judge");
        assertEquals(List.of("delivery.lost == 0", "latency.e2e.p99 < 5s"), List.of(judge.get("slo").get(0).asText(), judge.get("slo").get(1).asText()));
        assertEquals(0.9, judge.at("/generator/minAchievedFraction").asDouble(), "the scenario's generator limits");
        assertEquals(250.0, judge.at("/generator/maxLagP99Ms").asDouble());
        assertEquals(base.toAbsolutePath().normalize().toString(), judge.at("/baseline/path").asText());
        JsonNode s = json(o.dir().file("summary.json"));
        assertEquals(1, s.get("exitCode").asInt(), "the delivery was incomplete and the throughput fell");
        assertEquals("throughput.sendsPerSec", s.at("/baseline/regressions/0/metric").asText());
        assertEquals(s.get("verdictLine").asText(), o.message());
    }
}
