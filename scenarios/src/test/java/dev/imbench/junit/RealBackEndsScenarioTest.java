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
import java.nio.file.Files;
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
    void shouldReadEveryC2sReportFromTheRedisStream(@TempDir Path out) {
        RunOutcome o = run(out, "business-flows", "routing=redis", "clients=40", "duration=3s",
                "phases.0.rates.c2c=10", "phases.0.rates.c2s=60", "phases.0.rates.s2c=30", "phases.0.rates.pulls=10",
                "slo.5=latency.c2s.p99 < 10s", "slo.6=latency.s2c.p99 < 10s", "slo.7=latency.pull-periodic.p99 < 10s");
        assertEquals(0, o.exitCode(), o.message());
        var c2s = o.summary().at("/delivery/business/c2s");
        assertTrue(c2s.path("consumed").asLong() > 100, c2s.toString());
        assertEquals(c2s.path("acked").asLong(), c2s.path("consumed").asLong(), "every queued report read: " + c2s);
        assertEquals(0, c2s.path("duplicated").asLong(), c2s.toString());
        assertEquals(o.summary().at("/delivery/business/s2c/accepted").asLong(),
                o.summary().at("/delivery/business/s2c/delivered").asLong());
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
    void shouldFanOutGroupsOnMysqlByReadDiffusion(@TempDir Path out) {
        RunOutcome o = run(out, "group-fanout", "storage=mysql", "fanout=read", "clients=40", "duration=3s",
                "groups.count=4", "groups.minSize=5", "groups.maxSize=15", "phases.0.rates.c2g=6", "phases.0.rates.c2c=6",
                "slo.2=latency.e2e.p99 < 10s");
        assertEquals(0, o.exitCode(), o.message());
        assertEquals("valid", o.summary().at("/delivery/verdict").asText());
        assertTrue(o.summary().at("/delivery/expected").asLong() > o.summary().at("/delivery/attempted").asLong());
    }

    @Test
    void shouldRefuseReadDiffusionOnSeveralLogicNodesClearly(@TempDir Path out) {
        RunOutcome o = run(out, "group-fanout", "storage=mysql", "routing=redis", "gates=1", "logicNodes=2",
                "fanout=read");
        assertEquals(2, o.exitCode());
        assertTrue(o.message().contains("read diffusion"), o.message());
    }

    @Test
    void shouldDeliverEveryMessageThroughTwoGatesAndTwoLogicNodes(@TempDir Path out) throws Exception {
        RunOutcome o = run(out, "group-fanout", "storage=mysql", "routing=redis", "gates=2", "logicNodes=2",
                "transport=tcp", "clients=60", "duration=4s", "groups.count=4", "groups.minSize=5", "groups.maxSize=15",
                "phases.0.rates.c2g=6", "phases.0.rates.c2c=20", "slo.2=latency.e2e.p99 < 10s");
        assertEquals(0, o.exitCode(), o.message());
        assertEquals("valid", o.summary().at("/delivery/verdict").asText());
        assertTrue(o.summary().at("/delivery/delivered").asLong() > 0);
        Path dir = o.dir().path();
        String events = Files.readString(dir.resolve("events.jsonl"));
        assertTrue(events.contains("in-process split topology: 2 gates"), events);
        String metrics = Files.readString(dir.resolve("server-metrics.prom"));
        for (String node : List.of("gate-1", "gate-2", "logic-1", "logic-2")) {
            assertTrue(metrics.contains("# imbench node " + node), node + " missing from the server metrics");
        }
        // both gates held connections: each reports authenticated c2c sends it forwarded
        for (String gate : List.of("gate-1 (gate)", "gate-2 (gate)")) {
            String section = metrics.substring(metrics.indexOf("# imbench node " + gate));
            assertTrue(section.matches("(?s).*imbench_frames_in_total\\{cmd=\"C2C_SEND_REQ\"[^}]*} [1-9].*"),
                    gate + " took no c2c sends");
        }
    }

    @Test
    void shouldRefuseASplitTopologyWithoutSharedBackEnds(@TempDir Path out) {
        RunOutcome o = run(out, "c2c", "logicNodes=1");
        assertEquals(2, o.exitCode());
        assertTrue(o.message().contains("storage mysql + routing redis"), o.message());
        o = run(out, "c2c", "storage=mysql", "routing=redis", "gates=2", "logicNodes=1");
        assertEquals(2, o.exitCode());
        assertTrue(o.message().contains("tcp only"), o.message());
        o = run(out, "c2c", "gates=2");
        assertEquals(2, o.exitCode());
        assertTrue(o.message().contains("set logicNodes >= 1"), o.message());
    }
}
