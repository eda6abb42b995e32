package dev.imbench.cli;

import dev.imbench.reports.ReportGenerator;
import dev.imbench.reports.RunData;
import dev.imbench.reports.RunReader;
import dev.imbench.reports.ShardMerger;
import dev.imbench.reports.summary.Judge;
import dev.imbench.runner.RunDirectory;
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
            "With --merge, join the run directories of every shard of one run ('imbench run",
            "--shard INDEX/COUNT' on several processes or machines) into a new run",
            "directory: the delivery check runs once over all the shards' ledgers (messages",
            "between shards included, their e2e latency corrected by each shard's measured",
            "clock offset), latency logs are merged interval by interval and counters",
            "summed; it is judged against the scenario's SLOs and gets its own report.",
            "Refused (exit 2, with why): shards of different scenarios, seeds or starts",
            "(two runs one after the other are two runs), a missing or a doubled index.",
            "A run without a summary.json is judged from its files first.",
            "Exit code: 0 (with --merge, the merged run's verdict: 0/1/2/3, as imbench run)."},
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
                Path run = runs.get(0);
                RunData data = RunReader.read(run);
                if (data.summary().isEmpty()) {
                    // a run without a readable summary (stopped hard, older imbench): judge it from its files
                    System.out.println("imbench: " + Judge.judge(run).line());
                }
                Path page = ReportGenerator.write(run);
                RunReader.read(run).problems().forEach(p -> System.err.println("imbench: warning: " + p));
                System.out.println("imbench: report " + page);
                return Imbench.EXIT_PASSED;
            }
            com.fasterxml.jackson.databind.JsonNode first = RunReader.read(runs.get(0)).run();
            RunDirectory dir = RunDirectory.create(out, first.path("scenario").asText("merged") + "-merged",
                    first.path("seed").asLong(0), Instant.now());
            ShardMerger.merge(runs, dir.path());
            Judge.Outcome judged = Judge.judge(dir.path());
            ReportGenerator.write(dir.path());
            if (judged.summary().has("latency")) {
                System.out.println(SummaryTable.render(judged.summary()));
            }
            System.out.println("imbench: merged " + runs.size() + " shards into " + dir.path());
            System.out.println("imbench: " + judged.line());
            return judged.exitCode();
        } catch (IllegalArgumentException | java.io.UncheckedIOException e) {
            System.err.println("imbench: " + e.getMessage());
            return Imbench.EXIT_BROKEN;
        }
    }
}
