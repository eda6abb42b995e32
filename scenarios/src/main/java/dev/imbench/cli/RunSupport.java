package dev.imbench.cli;

import dev.imbench.runner.RunControl;
import dev.imbench.runner.RunOptions;
import dev.imbench.runner.RunOutcome;
import dev.imbench.runner.ScenarioRunner;
import dev.imbench.runner.ShardRun;
import dev.imbench.runner.ShardSync;
import dev.imbench.sim.load.ShardPlan;
import dev.imbench.runner.SimulationWorkload;
import dev.imbench.scenario.Overrides;
import dev.imbench.scenario.Scenario;
import dev.imbench.scenario.ScenarioException;
import dev.imbench.scenario.ScenarioLibrary;
import dev.imbench.scenario.ScenarioLoader;
import java.io.PrintStream;
import java.nio.file.Path;

/** What {@code run}, {@code demo} and {@code sweep} share: load, run, print, exit code. */
final class RunSupport {

    private RunSupport() {
    }

    static RunOptions runOptions(ScenarioOptions o, Path baseline, double tolerance, String command) {
        return runOptions(o, baseline, tolerance, command, ShardRun.WHOLE);
    }

    static RunOptions runOptions(ScenarioOptions o, Path baseline, double tolerance, String command, ShardRun shard) {
        boolean progress = !o.quiet && System.console() != null;
        return new RunOptions(o.out, command, progress, baseline, tolerance, !o.noReport, o.trace, shard);
    }

    /**
     * The shard and meeting point of {@code run}'s options.
     *
     * @throws IllegalArgumentException for a malformed or contradictory combination, with what to give instead
     */
    static ShardRun shardRun(String shard, String barrier, java.time.Duration barrierTimeout, int plantLoss) {
        ShardPlan plan = shard == null ? ShardPlan.WHOLE : ShardPlan.parse(shard);
        if (barrier != null && !plan.partial()) {
            throw new IllegalArgumentException("--start-barrier is where the shards of --shard INDEX/COUNT meet (COUNT >= 2);"
                    + " give --shard");
        }
        return new ShardRun(plan, barrier == null ? new ShardSync.Alone() : ShardSync.RedisBarrier.parse(barrier, barrierTimeout),
                plantLoss);
    }

    /** Loads a scenario with the options' overrides and seed; throws ScenarioException when broken. */
    static Scenario load(String scenario, ScenarioOptions o) {
        Scenario s = ScenarioLibrary.load(scenario, new ScenarioLoader(SimulationWorkload.knownProfiles()),
                Overrides.parse(o.sets));
        return o.seed == null ? s : s.withSeed(o.seed);
    }

    static int runOne(String scenario, ScenarioOptions o, RunOptions run, PrintStream out, PrintStream err) {
        Scenario s;
        try {
            s = load(scenario, o);
        } catch (ScenarioException e) {
            err.println("imbench: " + e.getMessage());
            return Imbench.EXIT_BROKEN;
        }
        RunControl control = new RunControl();
        RunOutcome outcome;
        SignalStop signals = SignalStop.install(control, err);
        try {
            outcome = execute(s, run, out, control);
        } finally {
            signals.close();
        }
        return report(outcome, run, out, err);
    }

    static RunOutcome execute(Scenario s, RunOptions run, PrintStream out) {
        return execute(s, run, out, new RunControl());
    }

    static RunOutcome execute(Scenario s, RunOptions run, PrintStream out, RunControl control) {
        out.println("imbench: running " + s.name() + " (seed " + s.seed() + ", " + s.population().clients()
                + " clients, " + s.population().transport().name().toLowerCase(java.util.Locale.ROOT) + " transport)");
        ScenarioRunner runner = new ScenarioRunner(new SimulationWorkload(), dev.imbench.runner.Reports::write, out);
        return runner.run(s, run, control);
    }

    /** Prints the statistics table, the baseline comparison and the verdict line; returns the verdict's exit code. */
    static int report(RunOutcome outcome, RunOptions run, PrintStream out, PrintStream err) {
        if (outcome.summary() != null && outcome.summary().has("latency")) {
            out.println(SummaryTable.render(outcome.summary()));
        }
        if (outcome.dir() != null) {
            out.println("imbench: run directory " + outcome.dir().path());
        }
        if (run.report() && outcome.dir() != null && java.nio.file.Files.exists(outcome.dir().file("index.html"))) {
            out.println("imbench: report " + outcome.dir().file("index.html"));
        }
        (outcome.exitCode() == Imbench.EXIT_BROKEN ? err : out).println("imbench: " + outcome.message());
        return outcome.exitCode();
    }
}
