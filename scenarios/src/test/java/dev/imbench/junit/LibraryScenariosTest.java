package dev.imbench.junit;

import static org.junit.jupiter.api.Assertions.*;

import dev.imbench.runner.RunOutcome;

/**
 * The smallest version of every shipped scenario, run as CI regression tests
 * through {@link LoadScenario}: each must pass its own SLOs and the delivery check.
 */
class LibraryScenariosTest {

    @LoadScenario(value = "c2c", set = {"clients=60", "duration=3s", "rate=60"})
    void c2c(RunOutcome run) {
        assertTrue(run.summary().at("/latency/e2e/count").asLong() > 0);
    }

    @LoadScenario(value = "login-storm", set = {"clients=300", "duration=1s"})
    void loginStorm(RunOutcome run) {
        assertEquals(300, run.summary().at("/latency/login/count").asLong());
    }

    @LoadScenario(value = "kickout", set = {"clients=40", "duration=3s", "phases.0.rates.kickouts=3"})
    void kickout(RunOutcome run) {
        assertTrue(run.summary().at("/latency/kickout/count").asLong() > 0, "kickouts happened and were timed");
    }

    @LoadScenario(value = "group-fanout", set = {"clients=60", "duration=3s", "groups.maxSize=20"})
    void groupFanout(RunOutcome run) {
        assertTrue(run.summary().at("/delivery/expected").asLong() > run.summary().at("/delivery/attempted").asLong(),
                "a group message is expected at several members");
    }

    @LoadScenario(value = "offline-pull", set = {"clients=60", "phases.0.duration=3s", "phases.1.duration=1s"})
    void offlinePull(RunOutcome run) {
        assertTrue(run.summary().at("/delivery/deliveredByPull").asLong() > 0);
    }

    @LoadScenario(value = "mixed-day", set = {"clients=80", "phases.0.duration=2s", "phases.1.duration=2s",
        "phases.2.duration=2s"})
    void mixedDay(RunOutcome run) {
        assertEquals("valid", run.summary().at("/delivery/verdict").asText());
    }
}
