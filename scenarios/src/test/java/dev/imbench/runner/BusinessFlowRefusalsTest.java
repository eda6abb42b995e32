package dev.imbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.scenario.Overrides;
import dev.imbench.scenario.Scenario;
import dev.imbench.scenario.ScenarioLoader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * c2s, s2c and pulls at a rate run in-process; where this build cannot play the business server (an
 * attached server, the split topology) it says so before anything starts, and pulls run everywhere.
 */
class BusinessFlowRefusalsTest {

    private static List<String> refusals(String server, String rates) {
        Scenario s = new ScenarioLoader(null).parse("unit.yaml", """
                name: flows
                population: {clients: 10, rampPerSec: 100, transport: tcp}
                server: %s
                phases: [{name: steady, duration: 1s, rates: %s}]
                """.formatted(server, rates), Overrides.none());
        return SimulationWorkload.refusals(s);
    }

    @Test
    void shouldRunEveryFlowAtARateInProcess() {
        assertEquals(List.of(), refusals("{}", "{c2c: 5, c2s: 5, s2c: 5, pulls: 5}"));
    }

    @Test
    void shouldRefuseC2sAndS2cAgainstAnAttachedServerButRunPulls() {
        String attached = "{iplistUrl: 'http://127.0.0.1:1/iplist'}";
        List<String> r = refusals(attached, "{c2s: 5}");
        assertEquals(1, r.size(), r.toString());
        assertTrue(r.get(0).contains("rates.c2s/s2c in phase steady with server.iplistUrl"), r.get(0));
        assertEquals(1, refusals(attached, "{s2c: 5}").size());
        assertEquals(List.of(), refusals(attached, "{pulls: 5}"));
    }

    @Test
    void shouldRefuseC2sAndS2cOnTheSplitTopology() {
        List<String> r = refusals("{storage: mysql, routing: redis, logicNodes: 1}", "{s2c: 5}");
        assertTrue(r.stream().anyMatch(x -> x.contains("server.logicNodes (the split topology")), r.toString());
    }
}
