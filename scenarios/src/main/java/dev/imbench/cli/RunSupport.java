package dev.imbench.cli;

import dev.imbench.runner.BaselineCheck;
import dev.imbench.runner.RunOptions;
import dev.imbench.runner.RunOutcome;
import dev.imbench.runner.ScenarioRunner;
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
        boolean progress = !o.quiet && System.console() != null;
        return new RunOptions(o.out, command, progress, baseline, tolerance, !o.noReport, o.trace);
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
        return report(execute(s, run, out), run, out, err);
    }

    static RunOutcome execute(Scenario s, RunOptions run, PrintStream out) {
        out.println("imbench: running " + s.name() + " (seed " + s.seed() + ", " + s.population().clients()
                + " clients, " + s.population().transport().name().toLowerCase(java.util.Locale.ROOT) + " transport)");
        ScenarioRunner runner = new ScenarioRunner(new SimulationWorkload(), dev.imbench.runner.Reports::write, out);
        return runner.run(s, run);
    }

    static int report(RunOutcome outcome, RunOptions run, PrintStream out, PrintStream err) {
        int exit = outcome.exitCode();
        if (outcome.dir() != null) {
            out.println("imbench: run directory " + outcome.dir().path());
        }
        if (outcome.summary() == null) {
            err.println("imbench: " + outcome.message());
            return exit;
        }
        out.println(SummaryTable.render(outcome.summary()));
        if (run.baseline() != null && exit != Imbench.EXIT_BROKEN) {
            try {
                BaselineCheck check = BaselineCheck.compare(outcome.summary(), run.baseline(), run.tolerance());
                out.println(check.render());
                if (!check.passed()) {
                    exit = Imbench.EXIT_FAILED;
                }
            } catch (RuntimeException e) {
                err.println("imbench: cannot compare with the baseline " + run.baseline() + ": " + e.getMessage());
                return Imbench.EXIT_BROKEN;
            }
        }
        out.println("imbench: " + outcome.message());
        if (run.report() && outcome.dir() != null) {
            out.println("imbench: report " + outcome.dir().file("index.html"));
        }
        return exit;
    }
}
