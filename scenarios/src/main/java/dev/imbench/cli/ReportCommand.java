package dev.imbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imbench.reports.ReportGenerator;
import dev.imbench.reports.RunData;
import dev.imbench.reports.RunReader;
import dev.imbench.reports.ShardMerger;
import dev.imbench.runner.RunDirectory;
import dev.imbench.runner.SloEvaluator;
import dev.imbench.runner.SummaryBuilder;
import dev.imbench.runner.WorkloadResult;
import dev.imbench.scenario.Overrides;
import dev.imbench.scenario.Scenario;
import dev.imbench.scenario.ScenarioException;
import dev.imbench.scenario.ScenarioLoader;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code imbench report}: rebuild a run's index.html, or merge simulator shards into one judged run. */
@Command(name = "report", mixinStandardHelpOptions = true,
        description = {"Rebuild a run's report, or merge simulator shards into one run.",
            "",
            "Rebuilds runs/<id>/index.html from the run directory alone (nothing is re-run).",
            "With --merge, join the run directories of simulator shards (one scenario run as several",
            "processes or machines) into a new run directory: latency logs merged interval by",
            "interval, delivery and counters summed; it is judged against the scenario's SLOs and",
            "gets its own report. Exit code: 0 (or, with --merge, the merged run's verdict: 0/1)."},
        footer = {"", "Examples:", "  imbench report runs/20261128-191500-demo-s1",
            "  imbench report --merge runs/shard-0 runs/shard-1 --out runs"})
public final class ReportCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN", arity = "1..*", description = "A run directory (with --merge: the shards' run directories).")
    List<Path> runs = new ArrayList<>();

    @Option(names = "--merge", description = "Merge the given shard run directories into a new one.")
    boolean merge;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs", description = "Where the merged run directory goes (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        try {
            if (!merge) {
                if (runs.size() != 1) {
                    System.err.println("imbench: report takes one run directory (use --merge for several shards)");
                    return Imbench.EXIT_BROKEN;
                }
                RunData data = RunReader.read(runs.get(0));
                Path page = ReportGenerator.write(runs.get(0));
                data.problems().forEach(p -> System.err.println("imbench: warning: " + p));
                System.out.println("imbench: report " + page);
                return Imbench.EXIT_PASSED;
            }
            String scenarioName = RunReader.read(runs.get(0)).run().path("scenario").asText("merged");
            RunDirectory dir = RunDirectory.create(out, scenarioName + "-merged", 0, Instant.now());
            ShardMerger.merge(runs, dir.path());
            ObjectNode summary = judge(dir);
            SummaryBuilder.write(dir.file("summary.json"), summary);
            ReportGenerator.write(dir.path());
            System.out.println(SummaryTable.render(summary));
            System.out.println("imbench: merged " + runs.size() + " shards into " + dir.path());
            return summary.path("exitCode").asInt(Imbench.EXIT_FAILED);
        } catch (IllegalArgumentException | ScenarioException e) {
            System.err.println("imbench: " + e.getMessage());
            return Imbench.EXIT_BROKEN;
        }
    }

    /** The merged run's summary and verdict, with the runner's own rules. */
    private static ObjectNode judge(RunDirectory dir) {
        RunData merged = RunReader.read(dir.path());
        Scenario scenario = new ScenarioLoader(null).parse("scenario.yaml", merged.scenario(), Overrides.none());
        JsonNode run = merged.run();
        List<WorkloadResult.PhaseSpan> phases = new ArrayList<>();
        long load = 0;
        for (JsonNode p : run.path("phases")) {
            WorkloadResult.PhaseSpan span = new WorkloadResult.PhaseSpan(p.path("name").asText(), p.path("start").asLong(),
                    p.path("end").asLong());
            phases.add(span);
            if (!span.name().equals("ramp") && !span.name().equals("drain")) {
                load += span.end() - span.start();
            }
        }
        double[] online = merged.series().getOrDefault("online", new double[0]);
        int peak = 0;
        for (double v : online) {
            peak = Math.max(peak, (int) v);
        }
        WorkloadResult result = new WorkloadResult(run.path("startedAt").asLong(), peak, load, phases,
                run.path("drain").path("complete").asBoolean(false), "");
        ObjectNode summary = SummaryBuilder.build(dir, scenario, result,
                run.path("endedAt").asLong() - run.path("startedAt").asLong());
        SummaryBuilder.judge(summary, SloEvaluator.evaluate(scenario.slos(), summary));
        return summary;
    }
}
