package dev.imbench.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imbench.runner.RunOptions;
import dev.imbench.runner.RunOutcome;
import dev.imbench.runner.ScenarioRunner;
import dev.imbench.runner.SimulationWorkload;
import dev.imbench.scenario.Overrides;
import dev.imbench.scenario.Scenario;
import dev.imbench.scenario.ScenarioLibrary;
import dev.imbench.scenario.ScenarioLoader;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Server-fault library scenarios, small (60 clients, a few seconds, shorter faults), on MariaDB and
 * Redis: each passes with no acked message lost, and the fault shows its effect in the run (errors,
 * reconnects, its events). The recovery SLO is loosened to 10 s here (a shared CI machine); a run the
 * generator could not drive on time (exit 3, generator-bound) still has to deliver everything. Skipped
 * without the services, failed under CI=true. {@code redis-restart}, {@code link-partition} and
 * {@code subway-rush} are not here yet (README-topology.md, known limits: lost or undelivered messages).
 */
class ServerFaultScenariosTest {

    @BeforeAll
    static void needsMysqlAndRedis() {
        RequiredServices.mysqlAndRedis("server-fault library scenarios");
    }

    private static final java.util.Map<String, String> FAULT = java.util.Map.of("gate-failover", "kill-gate",
            "mysql-outage", "cut-mysql");

    private static RunOutcome run(Path out, String name, String... sets) {
        List<String> all = new ArrayList<>(List.of("clients=60", "phases.0.rates.c2c=30"));
        all.add("slo.2=fault." + FAULT.get(name) + ".after.latency.e2e.p99 < 10s");
        all.addAll(List.of(sets));
        Scenario s = ScenarioLibrary.load(name, new ScenarioLoader(SimulationWorkload.knownProfiles()), Overrides.parse(all));
        RunOptions o = new RunOptions(out, "test", false, null, 0.2, false, List.of());
        RunOutcome r = new ScenarioRunner(new SimulationWorkload(), p -> { }, new PrintStream(PrintStream.nullOutputStream()))
                .run(s, o);
        assertTrue(r.exitCode() == 0 || r.exitCode() == 3 && r.message().contains("generator-bound"), r.message());
        assertEquals(0, r.summary().at("/delivery/lost").asLong(), "no acked message lost");
        assertEquals("valid", r.summary().at("/delivery/verdict").asText());
        return r;
    }

    private static JsonNode window(RunOutcome r, String fault, String window) {
        JsonNode w = r.summary().at("/fault/" + fault + "/" + window);
        assertTrue(w.isObject(), "summary.json has fault." + fault + "." + window + ": " + r.summary().path("fault"));
        return w;
    }

    private static String file(RunOutcome r, String name) throws Exception {
        return Files.readString(r.dir().file(name));
    }

    @Test
    void gateFailover(@TempDir Path out) throws Exception {
        RunOutcome r = run(out, "gate-failover", "phases.0.duration=12s", "faults.0.at=3s", "faults.0.lasting=4s");
        assertTrue(file(r, "events.jsonl").contains("killed (connections reset"), "the gate was killed");
        window(r, "kill-gate", "during");
        assertTrue(r.summary().at("/latency/reconnect/count").asLong() > 0, "the dead gate's clients reconnected");
        assertTrue(file(r, "events.jsonl").contains("started again on its ports"));
    }

    @Test
    void mysqlOutage(@TempDir Path out) throws Exception {
        RunOutcome r = run(out, "mysql-outage", "phases.0.duration=12s", "faults.0.at=3s", "faults.0.lasting=4s");
        assertTrue(file(r, "errors.csv").contains("ERR_STORE_FAILED"), "sends failed while MySQL was cut: "
                + file(r, "errors.csv"));
        assertTrue(window(r, "cut-mysql", "after").at("/delivery/acked").asLong() > 0, "sends acked again after it");
    }
}
