package dev.imbench.cli;

import dev.imbench.runner.RunControl;
import dev.imbench.runner.RunOptions;
import dev.imbench.runner.RunOutcome;
import dev.imbench.scenario.Scenario;
import dev.imbench.scenario.ScenarioException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Each run in this JVM, one after the other: the JVM's JIT and heap carry over from run to run. */
final class InProcessLauncher implements RunLauncher {

    private final String scenario;
    private final ScenarioOptions base;
    private final PrintStream out;
    private final RunControl control;

    /** A launcher whose runs stop (interrupted, exit 130) when {@code control} is asked to stop. */
    InProcessLauncher(String scenario, ScenarioOptions base, PrintStream out, RunControl control) {
        this.scenario = scenario;
        this.base = base;
        this.out = out;
        this.control = control;
    }

    /** The sweep's options with a combination's settings added and another output directory. */
    static ScenarioOptions with(ScenarioOptions base, List<String> settings, Path outDir) {
        ScenarioOptions o = new ScenarioOptions();
        o.sets = new ArrayList<>(base.sets);
        o.sets.addAll(settings);
        o.seed = base.seed;
        o.out = outDir;
        o.trace = base.trace;
        o.noReport = base.noReport;
        o.quiet = base.quiet;
        return o;
    }

    @Override
    public SweepRun launch(List<String> settings, Path outDir) {
        ScenarioOptions o = with(base, settings, outDir);
        long pid = ProcessHandle.current().pid();
        Scenario s;
        try {
            s = RunSupport.load(scenario, o);
        } catch (ScenarioException e) {
            return new SweepRun(settings, SweepExit.BROKEN, null, null, e.getMessage(), pid);
        }
        RunOptions run = RunSupport.runOptions(o, null, 0.2, CommandText.of("run", scenario, o));
        RunOutcome outcome = RunSupport.execute(s, run, out, control);
        return new SweepRun(settings, outcome.exitCode(), outcome.dir() == null ? null : outcome.dir().path(),
                outcome.summary(), outcome.message(), pid);
    }
}
