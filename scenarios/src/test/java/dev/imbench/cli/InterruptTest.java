package dev.imbench.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Ctrl-C on {@code imbench run}: a child JVM gets SIGINT mid-run and leaves a judged, interrupted run directory. */
class InterruptTest {

    private static final String LONG = """
            name: long
            description: runs far longer than the test waits
            population: {clients: 10, rampPerSec: 200}
            phases:
              - {name: steady, duration: 20s, rates: {c2c: 10}}
            slo:
              - delivery.lost == 0
            drainTimeout: 5s
            """;

    @Test
    void shouldStopOnSigintWriteTheRunDirectoryAndExit130(@TempDir Path dir) throws Exception {
        Path scenario = Files.writeString(dir.resolve("long.yaml"), LONG);
        List<String> cmd = new ArrayList<>(List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
                "-XX:TieredStopAtLevel=1"));
        if (Runtime.version().feature() >= 23) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Imbench.class.getName(), "run", scenario.toString(),
                "--out", dir.resolve("runs").toString(), "--quiet", "--no-report"));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        List<String> lines = new CopyOnWriteArrayList<>();
        CountDownLatch started = new CountDownLatch(1);
        Thread.ofVirtual().start(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String l; (l = r.readLine()) != null; ) {
                    lines.add(l);
                    if (l.startsWith("imbench: run directory ")) {
                        started.countDown();
                    }
                }
            } catch (java.io.IOException e) {
                lines.add("(output lost: " + e + ")");
            }
        });
        try {
            assertTrue(started.await(60, TimeUnit.SECONDS), "the run directory is printed when the run starts: " + lines);
            Process kill = new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start();
            assertEquals(0, kill.waitFor(), "kill -INT " + p.pid());
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the run ended after SIGINT: " + lines);
        } finally {
            p.destroyForcibly();
        }
        assertEquals(130, p.exitValue(), String.join("\n", lines));
        List<String> dirs = lines.stream().filter(l -> l.startsWith("imbench: run directory ")).toList();
        assertEquals(2, dirs.size(), "printed at the start and at the end: " + lines);
        assertEquals(dirs.get(0), dirs.get(1));
        assertTrue(lines.get(lines.size() - 1).startsWith("imbench: INTERRUPTED at t = "), lines.toString());
        Path run = Path.of(dirs.get(0).substring("imbench: run directory ".length()));
        ObjectMapper json = new ObjectMapper();
        JsonNode runJson = json.readTree(run.resolve("run.json").toFile());
        assertTrue(runJson.get("interrupted").asBoolean());
        assertEquals("SIGINT", runJson.get("interruptedBy").asText());
        assertTrue(runJson.get("interruptedAt").asLong() < 20_000, "stopped during the 20 s phase");
        assertTrue(runJson.get("endedAt").asLong() - runJson.get("startedAt").asLong() < 15_000,
                "the load stopped and the drain was short: the run did not play out its 20 s");
        JsonNode summary = json.readTree(run.resolve("summary.json").toFile());
        assertEquals("interrupted", summary.get("verdict").asText());
        assertEquals(130, summary.get("exitCode").asInt());
        assertEquals("not judged", summary.at("/slo/0/status").asText());
        assertTrue(Files.exists(run.resolve("junit.xml")));
    }
}
