package dev.imbench.scenario;

import static org.junit.jupiter.api.Assertions.*;

import java.util.List;
import org.junit.jupiter.api.Test;

/** SLO paths are checked when the scenario loads, before any client starts. */
class SloAtLoadTest {

    private static final String SCENARIO = """
            name: scoped
            population: {clients: 10}
            phases:
              - {name: steady, duration: 1s, rates: {c2c: 5}}
              - {name: burst, duration: 1s, rates: {c2c: 50}}
            network:
              - {profile: 3g, fraction: 0.5}
            faults:
              - {at: 0s, action: profile, target: subway, fraction: 0.2, lasting: 1s}
            slo:
              - latency.e2e.online.p99 < 200ms
              - phase.burst.latency.ack.p95 < 50ms
              - slice.3g.latency.e2e.p75 < 2s
              - fault.subway.during.delivery.lost == 0
            """;

    private final ScenarioLoader loader = new ScenarioLoader(null);

    private Scenario load(String text, String... sets) {
        return loader.parse("scoped.yaml", text, Overrides.parse(List.of(sets)));
    }

    private String failure(String text, String... sets) {
        return assertThrows(ScenarioException.class, () -> load(text, sets)).getMessage();
    }

    @Test
    void shouldAcceptScopedSlosOnThePhasesSlicesAndFaultsOfTheScenario() {
        assertEquals(4, load(SCENARIO).slos().size());
    }

    @Test
    void shouldRefuseAnSloOnAPhaseTheScenarioDoesNotHaveWithFileLineAndTheValidPaths() {
        String msg = failure(SCENARIO.replace("phase.burst.latency", "phase.peak.latency"));
        assertTrue(msg.startsWith("scoped.yaml:12: slo[1]: \"phase.peak.latency.ack.p95\" names no number"), msg);
        assertTrue(msg.contains("phase.<steady|burst>") && msg.contains("slice.<3g>") && msg.contains("fault.<subway>"), msg);
        assertTrue(msg.contains("p75 p90 p95"), msg);
    }

    @Test
    void shouldRefuseAMisspeltMetricOrPercentile() {
        assertTrue(failure(SCENARIO, "slo.0=latency.e2e.p98 < 5ms").contains("--set slo.0=latency.e2e.p98 < 5ms: slo[0]"),
                failure(SCENARIO, "slo.0=latency.e2e.p98 < 5ms"));
        assertTrue(failure(SCENARIO, "slo.0=latency.e2eonline.p99 < 5ms").contains("names no number"));
        assertTrue(failure(SCENARIO, "slo.0=slice.2g.latency.e2e.p99 < 5ms").contains("slice.<3g>"));
    }

    @Test
    void shouldKnowTheWarmupPhaseOnlyWhenTheScenarioWarmsUp() {
        String slo = "slo.0=phase.warmup.latency.e2e.p99 < 1s";
        assertTrue(failure(SCENARIO, slo).contains("phase.<steady|burst>"), failure(SCENARIO, slo));
        assertEquals("phase.warmup.latency.e2e.p99", load(SCENARIO, slo, "warmup=2s").slos().get(0).path());
    }

    @Test
    void shouldRefuseAnEmptySloOverrideInsteadOfDroppingTheCheck() {
        String msg = failure(SCENARIO, "slo.0=");
        assertTrue(msg.contains("--set slo.0=: an empty SLO would drop a check"), msg);
    }
}
