package dev.imbench.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imbench.scenario.Scenario;
import dev.imbench.scenario.ScenarioWriter;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * Runs one scenario end to end: run directory, resolved scenario, workload,
 * summary, SLO verdict, report. Exit codes: 0 passed, 1 SLO or delivery
 * failed, 2 the environment broke.
 */
public final class ScenarioRunner {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Workload workload;
    private final Consumer<Path> reportWriter;
    private final PrintStream out;

    /**
     * A runner.
     *
     * @param workload     drives the load
     * @param reportWriter renders index.html from a run directory (may be a no-op)
     * @param out          where the closing lines and progress go
     */
    public ScenarioRunner(Workload workload, Consumer<Path> reportWriter, PrintStream out) {
        this.workload = workload;
        this.reportWriter = reportWriter;
        this.out = out;
    }

    /** Runs the scenario; never throws for a failed run, the outcome says what happened. */
    public RunOutcome run(Scenario scenario, RunOptions options) {
        Instant started = Instant.now();
        long startNanos = System.nanoTime();
        RunDirectory dir;
        try {
            dir = RunDirectory.create(options.outRoot(), scenario.name(), scenario.seed(), started);
            Files.writeString(dir.file("scenario.yaml"), ScenarioWriter.toYaml(scenario));
        } catch (IOException | UncheckedIOException e) {
            return new RunOutcome(2, null, null, "cannot write the run directory: " + e.getMessage());
        }
        WorkloadResult result;
        try (EventLog events = new EventLog(dir.file("events.jsonl"), startNanos)) {
            RunContext ctx = new RunContext(dir, events, options.progress() ? out : null, options);
            try {
                result = workload.run(scenario, ctx);
            } catch (Exception e) {
                events.add("note", "error", "run aborted: " + e);
                writeRunJson(dir, scenario, options, new WorkloadResult(started.toEpochMilli(), 0, 0, List.of(), false, ""));
                return new RunOutcome(2, dir, null, "the run broke: " + describe(e));
            }
        }
        long durationMs = (System.nanoTime() - startNanos) / 1_000_000;
        writeRunJson(dir, scenario, options, result);
        if (!result.serverMetrics().isEmpty()) {
            try {
                Files.writeString(dir.file("server-metrics.prom"), result.serverMetrics());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        ObjectNode summary;
        try {
            summary = SummaryBuilder.build(dir, scenario, result, durationMs);
        } catch (UncheckedIOException e) {
            return new RunOutcome(2, dir, null, "the simulator left an incomplete run directory: " + e.getMessage());
        }
        int exit = SummaryBuilder.judge(summary, SloEvaluator.evaluate(scenario.slos(), summary));
        SummaryBuilder.write(dir.file("summary.json"), summary);
        String reportNote = "";
        if (options.report()) {
            try {
                reportWriter.accept(dir.path());
            } catch (RuntimeException e) {
                reportNote = " (report not written: " + describe(e) + ")";
            }
        }
        return new RunOutcome(exit, dir, summary, verdictLine(summary) + reportNote);
    }

    private static String verdictLine(ObjectNode s) {
        boolean passed = s.path("passed").asBoolean();
        long failed = 0;
        for (var row : s.path("slo")) {
            failed += row.path("passed").asBoolean() ? 0 : 1;
        }
        return (passed ? "PASSED" : "FAILED") + ": delivery " + s.path("delivery").path("verdict").asText()
                + ", " + failed + " of " + s.path("slo").size() + " SLOs failed";
    }

    private static void writeRunJson(RunDirectory dir, Scenario scenario, RunOptions options, WorkloadResult result) {
        ObjectNode run = JSON.createObjectNode();
        run.put("schema", SummaryBuilder.SCHEMA).put("id", dir.id()).put("scenario", scenario.name())
                .put("seed", scenario.seed()).put("startedAt", result.startedAtEpochMs())
                .put("endedAt", System.currentTimeMillis()).put("command", options.command());
        run.putObject("versions").put("imbench", version()).put("java", Runtime.version().toString());
        ArrayNode ph = run.putArray("phases");
        for (WorkloadResult.PhaseSpan p : result.phases()) {
            ObjectNode n = ph.addObject().put("name", p.name()).put("start", p.start()).put("end", p.end());
            if (p.warmup()) {
                n.put("warmup", true);
            }
        }
        run.putObject("drain").put("complete", result.drainComplete()).put("timeoutMs", scenario.drainTimeout().toMillis());
        ArrayNode faults = run.putArray("faults");
        for (WorkloadResult.FaultSpan f : result.faults()) {
            faults.addObject().put("name", f.name()).put("action", f.action()).put("start", f.start())
                    .put("end", f.end()).put("clients", f.clients());
        }
        run.put("interrupted", result.interrupted());
        if (result.interrupted()) {
            run.put("interruptedAt", result.interruptedAt());
        }
        SummaryBuilder.write(dir.file("run.json"), run);
    }

    private static String version() {
        String v = ScenarioRunner.class.getPackage().getImplementationVersion();
        return v == null ? "dev" : v;
    }

    static String describe(Throwable e) {
        StringBuilder sb = new StringBuilder(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        for (Throwable c = e.getCause(); c != null && c != c.getCause(); c = c.getCause()) {
            sb.append(": ").append(c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage());
        }
        return sb.toString();
    }
}
