package dev.imbench.runner.fault;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imbench.runner.EventLog;
import dev.imbench.runner.WorkloadResult;
import dev.imbench.scenario.Overrides;
import dev.imbench.scenario.Scenario;
import dev.imbench.scenario.ScenarioLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one fault engine: when faults are applied and lifted, what it writes, and what a failure does. */
class FaultEngineTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final ServerTopology SERVER = () -> "test server";

    private static Scenario scenario(String faults) {
        return new ScenarioLoader(null).parse("engine.yaml", """
                name: engine
                population: {clients: 20}
                phases: [{name: steady, duration: 60s, rates: {c2c: 1}}]
                faults:
                """ + faults, Overrides.none());
    }

    private static List<JsonNode> events(Path file) throws Exception {
        List<JsonNode> out = new ArrayList<>();
        for (String line : Files.readAllLines(file)) {
            out.add(JSON.readTree(line));
        }
        return out;
    }

    @Test
    void shouldApplyAtItsTimeLiftAfterItLastedAndWriteBothAsEvents(@TempDir Path dir) throws Exception {
        Scenario s = scenario("""
                  - {at: 10s, action: profile, target: 3g, fraction: 0.5, lasting: 5s}
                  - {at: 15s, action: proxy-down, fraction: 0.2}
                """);
        RecordingNetwork net = new RecordingNetwork(-1);
        ManualClock clock = new ManualClock();
        List<WorkloadResult.FaultSpan> spans;
        try (EventLog log = new EventLog(dir.resolve("events.jsonl"), System.nanoTime())) {
            FaultEngine engine = new FaultEngine(s, net, SERVER, log, clock);
            engine.start(1_000);
            clock.awaitSleeping();
            assertEquals(11_000, clock.waitingFor(), "the first fault is due 10 s after the origin");
            clock.advanceTo(10_999, true);
            assertEquals(List.of(), net.calls(), "nothing before its time");
            clock.advanceTo(11_000, true);
            assertEquals(List.of("add 0 [latency, bandwidth]"), net.calls());
            assertEquals(1, engine.inForce());
            clock.advanceTo(16_000, false);
            awaitCalls(net, 3);
            assertEquals(List.of("add 0 [latency, bandwidth]", "remove 0", "cut 1"), net.calls(),
                    "at one instant the lift of the first goes before the start of the second");
            spans = engine.finish();
            assertEquals(List.of("add 0 [latency, bandwidth]", "remove 0", "cut 1", "restore 1"), net.calls(),
                    "the fault without an end is lifted by finish (before the drain)");
        }
        List<JsonNode> ev = events(dir.resolve("events.jsonl"));
        assertEquals(5, ev.size(), ev.toString());
        assertEquals("fault", ev.get(0).get("type").asText());
        assertEquals("3g", ev.get(0).get("name").asText());
        assertEquals(16_000, ev.get(0).get("end").asLong(), "the planned end is on the event, for the report's band");
        assertTrue(ev.get(0).get("detail").asText().contains("10 clients (50%)"), ev.get(0).toString());
        assertTrue(ev.get(1).get("detail").asText().startsWith("removed — "), ev.get(1).toString());
        assertEquals("proxy-down", ev.get(2).get("name").asText());
        assertTrue(ev.get(3).get("detail").asText().startsWith("removed — network back"), ev.get(3).toString());
        assertEquals("every fault lifted for the drain", ev.get(4).get("detail").asText());
        assertEquals(2, spans.size());
        assertEquals(new WorkloadResult.FaultSpan("3g", "profile", ev.get(0).get("t").asLong(), ev.get(1).get("t").asLong(),
                10), spans.get(0), "run.json's span is on the times of its events");
        assertEquals(11, spans.get(1).clients());
    }

    @Test
    void shouldNeverApplyAFaultDueAfterThePhases(@TempDir Path dir) throws Exception {
        Scenario s = scenario("  - {at: 50s, action: proxy-down, lasting: 5s}\n");
        RecordingNetwork net = new RecordingNetwork(-1);
        ManualClock clock = new ManualClock();
        try (EventLog log = new EventLog(dir.resolve("events.jsonl"), System.nanoTime())) {
            FaultEngine engine = new FaultEngine(s, net, SERVER, log, clock);
            engine.start(0);
            clock.awaitSleeping();
            assertEquals(List.of(), engine.finish(), "the phases ended (stop request) before it was due");
        }
        assertEquals(List.of(), net.calls());
        assertEquals("", Files.readString(dir.resolve("events.jsonl")));
    }

    @Test
    void shouldMakeTheRunBrokenWhenAnActionFailsAfterLiftingTheOthers(@TempDir Path dir) throws Exception {
        Scenario s = scenario("""
                  - {at: 1s, action: proxy-down, fraction: 0.5}
                  - {at: 2s, action: toxic, toxics: [{type: latency, attributes: {latency: 100}}]}
                """);
        RecordingNetwork net = new RecordingNetwork(1);
        ManualClock clock = new ManualClock();
        try (EventLog log = new EventLog(dir.resolve("events.jsonl"), System.nanoTime())) {
            FaultEngine engine = new FaultEngine(s, net, SERVER, log, clock);
            engine.start(0);
            clock.awaitSleeping();
            clock.advanceTo(2_000, false);
            awaitCalls(net, 1);
            IllegalStateException e = assertThrows(IllegalStateException.class, engine::finish);
            assertTrue(e.getMessage().contains("toxic (toxic) could not apply: proxy refused the toxics"), e.getMessage());
        }
        assertEquals(List.of("cut 0", "restore 0"), net.calls(), "the fault that worked was still lifted");
        String events = Files.readString(dir.resolve("events.jsonl"));
        assertTrue(events.contains("\"type\":\"note\",\"name\":\"toxic\",\"detail\":\"failed: "), events);
    }

    @Test
    void shouldNameRepeatedFaultsAsRunJsonDoes() {
        Scenario s = scenario("""
                  - {at: 1s, action: profile, target: 3g}
                  - {at: 2s, action: profile, target: 3g}
                  - {at: 3s, action: proxy-down}
                """);
        assertEquals(List.of("3g", "3g-2", "proxy-down"), FaultEngine.names(s.faults()));
    }

    @Test
    void shouldRegisterAnImplementationForEveryActionTheLoaderAccepts() {
        assertEquals(dev.imbench.scenario.FaultSyntax.names(), FaultActions.names(),
                "an action the loader accepts but nothing runs (or the reverse) is a setting that does nothing");
    }

    private static void awaitCalls(RecordingNetwork net, int n) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> net.calls().size() >= n);
    }
}
