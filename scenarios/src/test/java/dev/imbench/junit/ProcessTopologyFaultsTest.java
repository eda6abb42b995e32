package dev.imbench.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gate-failover} with {@code server.processes: true}: the runner starts the two gates and the
 * logic node as processes of their own, and {@code kill-gate} SIGKILLs the gate's process (it is gone
 * from the machine), its clients reconnect through {@code /iplist} to the live gate, the gate is started
 * again as a new process on its ports, and no acked message is lost. Skipped without MariaDB and
 * Redis, failed under CI=true.
 */
class ProcessTopologyFaultsTest {

    @BeforeAll
    static void needsMysqlAndRedis() {
        RequiredServices.mysqlAndRedis("the split topology as processes");
    }

    @Test
    void shouldSigkillTheGateProcessAndLoseNoAckedMessage(@TempDir Path out) throws Exception {
        Scenario s = ScenarioLibrary.load("gate-failover", new ScenarioLoader(SimulationWorkload.knownProfiles()),
                // A new JVM takes seconds to start on a loaded machine: the phase leaves room for sends after the restart.
                Overrides.parse(List.of("clients=60", "phases.0.rates.c2c=30", "phases.0.duration=24s", "faults.0.at=3s",
                        "faults.0.lasting=3s", "server.processes=true")));
        RunOptions o = new RunOptions(out, "test", false, null, 0.2, false, List.of());
        RunOutcome r = new ScenarioRunner(new SimulationWorkload(), p -> { }, new PrintStream(PrintStream.nullOutputStream()))
                .run(s, o);
        String events = Files.readString(r.dir().file("events.jsonl"));
        assertTrue(r.exitCode() == 0 || r.exitCode() == 3 && r.message().contains("generator-bound"),
                r.message() + "; events: " + events);
        assertTrue(events.contains("split topology as processes"), events);
        Matcher killed = Pattern.compile("killed \\(process (\\d+) SIGKILLed").matcher(events);
        assertTrue(killed.find(), "the gate's process was SIGKILLed: " + events);
        long pid = Long.parseLong(killed.group(1));
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "process " + pid + " is gone");
        assertTrue(events.contains("started again on its ports"), events);
        assertTrue(r.summary().at("/latency/reconnect/count").asLong() > 0, "its clients reconnected to a live gate");
        assertTrue(r.summary().at("/fault/kill-gate/after/delivery/acked").asLong() > 0, "sends acked after the restart");
        assertEquals(0, r.summary().at("/delivery/lost").asLong(), "no acked message lost");
        assertEquals("valid", r.summary().at("/delivery/verdict").asText());
    }
}
