package dev.imbench.cli;

import dev.imbench.runner.RunOptions;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code imbench demo}: the shipped demo scenario on a bare machine, ending with a report. */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the demo scenario on a bare machine and leave a report.",
            "",
            "No MySQL, Redis or Docker needed: an in-process reference server on embedded",
            "back ends, 500 virtual clients through c2c, group chat, background periods,",
            "churn and kickouts, 20%% of them on a 3g link and a subway blackout, for about",
            "a minute; then a report at runs/<id>/index.html."})
public final class DemoCommand implements Callable<Integer> {

    @Mixin
    ScenarioOptions options;

    @Override
    public Integer call() {
        RunOptions run = RunSupport.runOptions(options, null, 0.2, CommandText.of("demo", null, options));
        return RunSupport.runOne("demo", options, run, System.out, System.err);
    }
}
