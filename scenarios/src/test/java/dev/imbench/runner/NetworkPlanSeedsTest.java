package dev.imbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.scenario.Overrides;
import dev.imbench.scenario.Scenario;
import dev.imbench.scenario.ScenarioLoader;
import dev.imbench.sim.load.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Which clients a slice or a fault concerns comes from the run seed through Seeds, nothing else. */
class NetworkPlanSeedsTest {

    private static Scenario scenario(long seed) {
        return new ScenarioLoader(SimulationWorkload.knownProfiles()).parse("plan.yaml", """
                name: plan
                seed: %d
                population: {clients: 1000}
                phases: [{name: steady, duration: 10s}]
                network: [{profile: 3g, fraction: 0.25}]
                faults:
                  - {at: 1s, action: proxy-down, fraction: 0.1}
                  - {at: 2s, action: toxic, fraction: 0.5, toxics: [{type: latency}]}
                """.formatted(seed), Overrides.none());
    }

    private static List<Integer> concerned(NetworkPlan plan, int fault) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            if (plan.concerns(fault, i)) {
                out.add(i);
            }
        }
        return out;
    }

    @Test
    void shouldDrawFaultTargetsAndSlicesFromTheSeed() {
        try (NetworkPlan a = new NetworkPlan(scenario(7)); NetworkPlan b = new NetworkPlan(scenario(7));
             NetworkPlan c = new NetworkPlan(scenario(8))) {
            SplittableRandom r = Seeds.forPurpose(7, Seeds.FAULT_TARGETS, 1);
            List<Integer> expected = new ArrayList<>();
            for (int i = 0; i < 1000; i++) {
                if (r.nextDouble() < 0.5) {
                    expected.add(i);
                }
            }
            assertEquals(expected, concerned(a, 1), "fault 1's clients are Seeds' FAULT_TARGETS draws for index 1");
            assertEquals(concerned(a, 0), concerned(b, 0), "the same seed, the same clients");
            assertNotEquals(concerned(a, 0), concerned(c, 0), "another seed, other clients");
            assertEquals(a.clients(0), concerned(a, 0).size());
            assertTrue(a.clients(0) > 60 && a.clients(0) < 140, "about 10 %: " + a.clients(0));
            int sliced = 0;
            for (int i = 0; i < 1000; i++) {
                assertEquals(a.sliceOf(i), b.sliceOf(i));
                sliced += a.sliceOf(i) == null ? 0 : 1;
            }
            assertEquals(a.sliced(), sliced);
        }
    }
}
