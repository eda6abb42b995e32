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

    @LoadScenario(value = "business-flows", set = {"clients=60", "duration=3s", "phases.0.rates.c2c=20",
        "phases.0.rates.c2s=60", "phases.0.rates.s2c=60", "phases.0.rates.pulls=20"})
    void businessFlows(RunOutcome run) {
        var business = run.summary().at("/delivery/business");
        assertTrue(business.at("/c2s/consumed").asLong() > 100, business.toString());
        assertEquals(business.at("/c2s/acked").asLong(), business.at("/c2s/consumed").asLong(), business.toString());
        assertTrue(business.at("/s2c/delivered").asLong() > 100, business.toString());
        assertEquals(business.at("/s2c/accepted").asLong(), business.at("/s2c/delivered").asLong(), business.toString());
        assertTrue(business.at("/pulls/rounds").asLong() > 20, business.toString());
        for (String m : new String[] {"c2s", "c2s-ack", "s2c", "pull-periodic"}) {
            assertTrue(run.summary().at("/latency/" + m + "/count").asLong() > 0, m);
        }
    }

    @LoadScenario(value = "mixed-day", set = {"clients=80", "phases.0.duration=2s", "phases.1.duration=2s",
        "phases.2.duration=2s"})
    void mixedDay(RunOutcome run) {
        assertEquals("valid", run.summary().at("/delivery/verdict").asText());
    }

    @LoadScenario(value = "c2c-3g", set = {"clients=60", "duration=3s", "rate=40"})
    void c2cOn3g(RunOutcome run) {
        assertTrue(run.summary().at("/latency/ack/p99").asDouble() >= 300,
                "the 3g slice (150 ms each way) shows in the ack tail");
    }

    @LoadScenario(value = "group-fanout-subway", set = {"clients=60", "duration=6s", "groups.maxSize=15",
        "faults.0.at=1s", "faults.0.lasting=4s"})
    void groupFanoutInTheSubway(RunOutcome run) throws Exception {
        String events = java.nio.file.Files.readString(run.dir().file("events.jsonl"));
        assertTrue(events.contains("\"type\":\"fault\",\"name\":\"subway\""), events);
    }

    @LoadScenario(value = "demo", set = {"clients=80", "phases.0.duration=3s", "phases.1.duration=2s",
        "phases.2.duration=2s", "faults.0.at=3s", "faults.0.lasting=1s"})
    void demo(RunOutcome run) {
        assertTrue(java.nio.file.Files.exists(run.dir().file("index.html")), "the demo leaves a report");
    }

    @LoadScenario(value = "group-fanout-subway", set = {"transport=tcp", "clients=60", "duration=5s",
        "groups.maxSize=15", "network=3g:0.3", "faults.0.at=1s", "faults.0.lasting=3s"})
    void weakNetworkOverRealTcpThroughProxies(RunOutcome run) throws Exception {
        String events = java.nio.file.Files.readString(run.dir().file("events.jsonl"));
        assertTrue(events.contains("proxies in front of the gate"), events);
        assertTrue(run.summary().at("/latency/ack/p90").asDouble() >= 250, "the 3g slice shows through the proxies");
    }
}
