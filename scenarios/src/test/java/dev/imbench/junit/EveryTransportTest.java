package dev.imbench.junit;

import static org.junit.jupiter.api.Assertions.*;

import dev.imbench.runner.RunOutcome;

/**
 * A few hundred clients on each transport through c2c, group chat, kickouts and
 * offline periods (then pulls): the checker must find nothing lost or unexpected.
 */
class EveryTransportTest {

    private static void check(RunOutcome run) {
        assertEquals("valid", run.summary().at("/delivery/verdict").asText());
        assertTrue(run.summary().at("/latency/kickout/count").asLong() > 0, "kickouts happened");
        assertTrue(run.summary().at("/delivery/expected").asLong() > run.summary().at("/delivery/attempted").asLong(),
                "group messages fanned out");
    }

    @LoadScenario(value = "mixed-day", set = {"clients=200", "groups.count=6", "groups.minSize=5", "groups.maxSize=30",
        "phases.0.duration=3s", "phases.1.duration=2s", "phases.2.duration=2s", "phases.2.rates.kickouts=4",
        "transport=local"})
    void local(RunOutcome run) {
        check(run);
    }

    @LoadScenario(value = "mixed-day", set = {"clients=200", "groups.count=6", "groups.minSize=5", "groups.maxSize=30",
        "phases.0.duration=3s", "phases.1.duration=2s", "phases.2.duration=2s", "phases.2.rates.kickouts=4",
        "transport=tcp"})
    void tcp(RunOutcome run) {
        check(run);
    }

    @LoadScenario(value = "mixed-day", set = {"clients=200", "groups.count=6", "groups.minSize=5", "groups.maxSize=30",
        "phases.0.duration=3s", "phases.1.duration=2s", "phases.2.duration=2s", "phases.2.rates.kickouts=4",
        "transport=ws"})
    void webSocket(RunOutcome run) {
        check(run);
    }
}
