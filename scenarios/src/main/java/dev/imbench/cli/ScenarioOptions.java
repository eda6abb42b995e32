package dev.imbench.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Options shared by the commands that run a scenario ({@code run}, {@code demo}, {@code sweep}). */
public final class ScenarioOptions {

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override a scenario field; repeatable. Dotted paths (population.clients, "
                + "phases.0.duration, server.fanout) or shortcuts: clients, transport, ramp, duration, "
                + "rate, network (3g or 3g:0.3 or none), storage, routing, fanout, shards, "
                + "gates, logicNodes (the split topology: reference-server/README-topology.md).")
    List<String> sets = new ArrayList<>();

    @Option(names = "--seed", paramLabel = "N", description = "Run seed (overrides the scenario's): same seed, same decisions.")
    Long seed;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs",
            description = "Parent directory of the run directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--trace", paramLabel = "UID", split = ",",
            description = "Write a frame-level trace of these uids into the run directory (trace/<uid>.log).")
    List<String> trace = new ArrayList<>();

    @Option(names = "--no-report", description = "Do not write index.html.")
    boolean noReport;

    @Option(names = "--quiet", description = "No live progress line (the default when not on a terminal).")
    boolean quiet;
}
