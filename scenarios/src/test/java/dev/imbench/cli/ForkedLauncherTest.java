package dev.imbench.cli;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.*;

import dev.imbench.runner.RunControl;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A run of {@code sweep --fork} is a real child JVM: its command line, its run directory, its stop. */
class ForkedLauncherTest {

    @TempDir
    Path dir;

    private ScenarioOptions options() {
        ScenarioOptions o = new ScenarioOptions();
        o.out = dir.resolve("runs");
        o.noReport = true;
        o.seed = 9L;
        o.sets.add("clients=10");
        return o;
    }

    @Test
    void shouldStartTheSameJavaAndClassPathWithTheSweepsSettings() {
        ForkedLauncher l = new ForkedLauncher("c2c", options(), dir.resolve("fork"), new RunControl());
        List<String> cmd = l.command(List.of("server.fanout=read"), dir.resolve("runs"));
        assertEquals(Path.of(System.getProperty("java.home"), "bin", "java").toString(), cmd.get(0));
        assertEquals(System.getProperty("java.class.path"), cmd.get(cmd.indexOf("-cp") + 1));
        String line = String.join(" ", cmd);
        assertTrue(line.contains(Imbench.class.getName() + " run c2c --out " + dir.resolve("runs") + " --quiet"), line);
        assertTrue(line.contains("--set clients=10 --set server.fanout=read --seed 9 --no-report"),
                "the sweep's --set first, then the combination's: " + line);
    }

    @Test
    void shouldStopTheChildWhenTheSweepIsAskedToStopAndRecordTheRunAsInterrupted() throws Exception {
        Path f = dir.resolve("long.yaml");
        Files.writeString(f, """
                name: long
                population: {clients: 10, rampPerSec: 100}
                phases:
                  - {name: steady, duration: 5m, rates: {c2c: 5}}
                drainTimeout: 5s
                """);
        RunControl control = new RunControl();
        ForkedLauncher l = new ForkedLauncher(f.toString(), options(), dir.resolve("fork"), control);
        CompletableFuture<SweepRun> run = CompletableFuture.supplyAsync(() -> l.launch(List.of(), dir.resolve("runs")));
        Path log = dir.resolve("fork").resolve("fork-1.log");
        await().atMost(Duration.ofSeconds(60)).until(() -> Files.exists(log) && Files.readString(log).contains("run directory"));
        control.requestStop("test");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(log).contains("imbench: SIGTERM: stopping the load"));
        SweepRun r = run.get(90, TimeUnit.SECONDS); // far less than the scenario's five minutes
        assertEquals(Imbench.EXIT_INTERRUPTED, r.exitCode(), r.message());
        assertNotNull(r.summary(), "the child wrote its summary before exiting");
        assertTrue(r.summary().path("interrupted").asBoolean(), r.summary().toString());
        assertEquals("interrupted", r.verdict());
        assertNotEquals(ProcessHandle.current().pid(), r.pid());
    }
}
