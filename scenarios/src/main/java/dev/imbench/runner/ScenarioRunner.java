package dev.imbench.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imbench.reports.summary.Judge;
import dev.imbench.reports.summary.JudgeSpec;
import dev.imbench.reports.summary.Slo;
import dev.imbench.reports.summary.SummaryBuilder;
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
 * run.json (with what to judge by), then the reports module's {@link Judge}
 * (summary.json, junit.xml) and the report. Exit codes are the verdict's:
 * 0 passed, 1 failed, 2 broken, 3 inconclusive, 130 interrupted.
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

    /** Runs the scenario to its end; never throws for a failed run, the outcome says what happened. */
    public RunOutcome run(Scenario scenario, RunOptions options) {
        return run(scenario, options, new RunControl());
    }

    /** Runs the scenario; {@code control} may stop it early (the run is then judged as interrupted). */
    public RunOutcome run(Scenario scenario, RunOptions options, RunControl control) {
        Instant started = Instant.now();
        long startNanos = System.nanoTime();
        RunDirectory dir;
        JudgeSpec spec = new JudgeSpec(scenario.slos().stream().map(Slo::expression).toList(),
                scenario.generator().minAchievedFraction(), scenario.generator().maxLagP99().toNanos() / 1e6, null, 0.2);
        if (options.baseline() != null) {
            spec = spec.withBaseline(options.baseline().toAbsolutePath().normalize(), options.tolerance());
        }
        RunJson runJson;
        try {
            ShardRun shard = options.shard();
            dir = RunDirectory.create(options.outRoot(), scenario.name() + (shard.partial()
                    ? "-shard" + shard.plan().index() + "of" + shard.plan().count() : ""), scenario.seed(), started);
            Files.writeString(dir.file("scenario.yaml"), ScenarioWriter.toYaml(scenario));
            runJson = new RunJson(dir, scenario, options, spec);
            runJson.write(started.toEpochMilli(), null, control);
        } catch (IOException | UncheckedIOException e) {
            return new RunOutcome(2, null, null, "cannot write the run directory: " + e.getMessage());
        }
        out.println("imbench: run directory " + dir.path());
        WorkloadResult result = null;
        String broke = null;
        try (EventLog events = new EventLog(dir.file("events.jsonl"), startNanos)) {
            RunContext ctx = new RunContext(dir, events, options.progress() ? out : null, options, control);
            try {
                result = workload.run(scenario, ctx);
            } catch (UnsupportedOperationException e) {
                broke = "the run was refused: " + describe(e);
            } catch (Exception e) {
                broke = "the run broke: " + describe(e);
            }
            if (broke != null) {
                events.add("note", "error", (control.stopRequested() ? "run stopped: " : "run aborted: ") + broke);
            }
            if (control.stopRequested()) {
                events.add("note", "interrupted", "stopped by " + control.why() + "; files written, nothing judged");
            }
        }
        runJson.write(result == null ? started.toEpochMilli() : result.startedAtEpochMs(), result, control);
        if (broke != null && !control.stopRequested()) {
            Judge.Outcome o = Judge.broken(dir.path(), broke);
            return new RunOutcome(o.exitCode(), dir, o.summary(), o.line() + report(dir, options));
        }
        if (result != null && !result.serverMetrics().isEmpty()) {
            try {
                Files.writeString(dir.file("server-metrics.prom"), result.serverMetrics());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        Judge.Outcome judged = Judge.judge(dir.path());
        return new RunOutcome(judged.exitCode(), dir, judged.summary(), judged.line() + report(dir, options));
    }

    /** Writes index.html when asked; returns a note for the verdict line when it could not be written. */
    private String report(RunDirectory dir, RunOptions options) {
        if (!options.report()) {
            return "";
        }
        try {
            reportWriter.accept(dir.path());
            return "";
        } catch (RuntimeException e) {
            return " (report not written: " + describe(e) + ")";
        }
    }

    /** run.json: identity, phases, drain, clients, interruption, and the judge block. */
    private record RunJson(RunDirectory dir, Scenario scenario, RunOptions options, JudgeSpec spec) {

        void write(long startedAt, WorkloadResult result, RunControl control) {
            ObjectNode run = JSON.createObjectNode();
            run.put("schema", SummaryBuilder.SCHEMA).put("id", dir.id()).put("scenario", scenario.name())
                    .put("seed", scenario.seed()).put("startedAt", startedAt)
                    .put("endedAt", System.currentTimeMillis()).put("command", options.command());
            run.putObject("versions").put("imbench", version()).put("java", Runtime.version().toString());
            ArrayNode ph = run.putArray("phases");
            List<WorkloadResult.PhaseSpan> phases = result == null ? List.of() : result.phases();
            for (WorkloadResult.PhaseSpan p : phases) {
                ObjectNode n = ph.addObject().put("name", p.name()).put("start", p.start()).put("end", p.end());
                if (p.warmup()) {
                    n.put("warmup", true);
                }
            }
            ArrayNode faults = run.putArray("faults");
            for (WorkloadResult.FaultSpan f : result == null ? List.<WorkloadResult.FaultSpan>of() : result.faults()) {
                faults.addObject().put("name", f.name()).put("action", f.action()).put("start", f.start())
                        .put("end", f.end()).put("clients", f.clients());
            }
            run.putObject("drain").put("complete", result != null && result.drainComplete())
                    .put("timeoutMs", scenario.drainTimeout().toMillis());
            ShardRun shard = options.shard();
            ObjectNode clients = run.putObject("clients")
                    .put("target", shard.plan().size(scenario.population().clients()));
            if (shard.partial()) {
                run.putObject("shard").put("index", shard.plan().index()).put("count", shard.plan().count())
                        .put("start", shard.sync().describe()).put("populationClients", scenario.population().clients());
            }
            if (result != null) {
                clients.put("peakOnline", result.peakOnline());
            }
            run.put("interrupted", control.stopRequested());
            if (control.stopRequested()) {
                run.put("interruptedAt", Math.max(0, control.stoppedAtMs() - startedAt));
                run.put("interruptedBy", control.why());
            }
            run.set("judge", spec.toJson());
            SummaryBuilder.write(dir.file("run.json"), run);
        }
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
