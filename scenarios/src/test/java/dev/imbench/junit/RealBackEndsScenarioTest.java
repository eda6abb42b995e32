package dev.imbench.junit;

import static org.junit.jupiter.api.Assertions.*;

import dev.imbench.runner.RunOptions;
import dev.imbench.runner.RunOutcome;
import dev.imbench.runner.ScenarioRunner;
import dev.imbench.runner.SimulationWorkload;
import dev.imbench.scenario.Overrides;
import dev.imbench.scenario.Scenario;
import dev.imbench.scenario.ScenarioLibrary;
import dev.imbench.scenario.ScenarioLoader;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same library scenarios on MariaDB/MySQL storage and Redis routing:
 * skipped with a reason when the services are not running, failed when CI=true.
 */
class RealBackEndsScenarioTest {

    @BeforeAll
    static void needsMysqlAndRedis() {
        RequiredServices.mysqlAndRedis("real back-end scenarios");
    }

    private static RunOutcome run(Path out, String name, String... sets) {
        Scenario s = ScenarioLibrary.load(name, new ScenarioLoader(SimulationWorkload.knownProfiles()),
                Overrides.parse(List.of(sets)));
        RunOptions o = new RunOptions(out, "test", false, null, 0.2, false, List.of());
        return new ScenarioRunner(new SimulationWorkload(), p -> { }, new PrintStream(PrintStream.nullOutputStream())).run(s, o);
    }

    @Test
    void shouldDeliverEveryMessageOnMysqlAndRedis(@TempDir Path out) {
        RunOutcome o = run(out, "offline-pull", "storage=mysql", "routing=redis", "clients=60",
                "phases.0.duration=3s", "phases.0.rates.c2c=30", "phases.1.duration=1s", "phases.1.rates.c2c=20",
                "slo.2=latency.pull.p99 < 10s");
        assertEquals(0, o.exitCode(), o.message());
        assertEquals("valid", o.summary().at("/delivery/verdict").asText());
        assertTrue(o.summary().at("/delivery/deliveredByPull").asLong() > 0, "offline rows came back from MySQL");
    }

    @Test
    void shouldFanOutGroupsOnMysql(@TempDir Path out) {
        RunOutcome o = run(out, "group-fanout", "storage=mysql", "clients=40", "duration=3s", "groups.count=4",
                "groups.minSize=5", "groups.maxSize=15", "phases.0.rates.c2g=6", "phases.0.rates.c2c=6",
                "slo.2=latency.e2e.p99 < 10s");
        assertEquals(0, o.exitCode(), o.message());
        assertTrue(o.summary().at("/delivery/expected").asLong() > o.summary().at("/delivery/attempted").asLong());
    }

    @Test
    void shouldRefuseReadDiffusionOnMysqlClearly(@TempDir Path out) {
        RunOutcome o = run(out, "group-fanout", "storage=mysql", "fanout=read");
        assertEquals(2, o.exitCode());
        assertTrue(o.message().contains("read diffusion"), o.message());
    }
}
