package dev.imbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imbench.runner.RunControl;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Each run in a fresh JVM: {@code imbench run} as a child process with this JVM's java, class path and
 * heap/JIT flags. No run inherits another's JIT profile, heap or threads; each starts cold, so give
 * the scenario a {@code warmup:} period when the cold start must not be measured.
 */
final class ForkedLauncher implements RunLauncher {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String RUN_DIRECTORY = "imbench: run directory ";

    private final String scenario;
    private final ScenarioOptions base;
    private final Path logs;
    private final RunControl control;
    private final AtomicInteger count = new AtomicInteger();

    /**
     * A launcher.
     *
     * @param logs    where each child's output goes ({@code fork-<n>.log})
     * @param control when asked to stop, the running child gets SIGTERM (it stops, drains, writes, exits 130)
     */
    ForkedLauncher(String scenario, ScenarioOptions base, Path logs, RunControl control) {
        this.scenario = scenario;
        this.base = base;
        this.logs = logs;
        this.control = control;
    }

    /** The child's command line: the same java and class path, the JVM's -X flags, {@code imbench run …}. */
    List<String> command(List<String> settings, Path outDir) {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("-X") || a.startsWith("--enable-native-access")) {
                cmd.add(a);
            }
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Imbench.class.getName(), "run", scenario,
                "--out", outDir.toString(), "--quiet"));
        ScenarioOptions o = InProcessLauncher.with(base, settings, outDir);
        o.sets.forEach(s -> cmd.addAll(List.of("--set", s)));
        if (o.seed != null) {
            cmd.addAll(List.of("--seed", o.seed.toString()));
        }
        if (!o.trace.isEmpty()) {
            cmd.addAll(List.of("--trace", String.join(",", o.trace)));
        }
        if (o.noReport) {
            cmd.add("--no-report");
        }
        return cmd;
    }

    @Override
    public SweepRun launch(List<String> settings, Path outDir) {
        Path log = logs.resolve("fork-" + count.incrementAndGet() + ".log");
        Process p;
        try {
            Files.createDirectories(logs);
            p = new ProcessBuilder(command(settings, outDir)).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        } catch (IOException e) {
            return new SweepRun(settings, SweepExit.BROKEN, null, null, "cannot start a JVM for the run: " + e.getMessage(), -1);
        }
        // SIGTERM on a stop request: the child stops its load, drains, writes an interrupted run
        Thread stopper = Thread.ofVirtual().start(() -> {
            try {
                if (control.awaitStop(Long.MAX_VALUE, TimeUnit.DAYS)) {
                    p.destroy();
                }
            } catch (InterruptedException done) {
                // the child ended first
            }
        });
        Thread reaper = new Thread(p::destroyForcibly, "imbench-fork-reaper"); // no child outlives the sweep's JVM
        Runtime.getRuntime().addShutdownHook(reaper);
        int exit;
        try {
            exit = p.waitFor();
        } catch (InterruptedException e) {
            p.destroy();
            Thread.currentThread().interrupt();
            exit = SweepExit.INTERRUPTED;
        } finally {
            stopper.interrupt();
            removeHook(reaper);
        }
        List<String> lines = lines(log);
        Optional<Path> dir = lines.stream().filter(l -> l.startsWith(RUN_DIRECTORY))
                .map(l -> Path.of(l.substring(RUN_DIRECTORY.length()).trim())).findFirst();
        JsonNode summary = dir.map(d -> d.resolve("summary.json")).filter(Files::isRegularFile).map(ForkedLauncher::read)
                .orElse(null);
        String message = lines.stream().filter(l -> l.startsWith("imbench: ") && !l.startsWith(RUN_DIRECTORY)
                && !l.startsWith("imbench: running ") && !l.startsWith("imbench: report ")).reduce((a, b) -> b)
                .map(l -> l.substring("imbench: ".length())).orElse("the run's JVM exited " + exit + " (its output: " + log + ")");
        return new SweepRun(settings, exit, dir.orElse(null), summary, message, p.pid());
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the JVM is exiting: the hook runs and the child is already gone
        }
    }

    private static List<String> lines(Path log) {
        try {
            return Files.readAllLines(log);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static JsonNode read(Path summary) {
        try {
            return JSON.readTree(summary.toFile());
        } catch (IOException e) {
            return null;
        }
    }
}
