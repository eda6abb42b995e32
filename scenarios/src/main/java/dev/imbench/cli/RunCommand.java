package dev.imbench.cli;

import dev.imbench.runner.RunOptions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code imbench run}: one scenario, a run directory, an exit code from its SLOs. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Run a scenario and judge it by its SLOs and the delivery check.",
            "",
            "Starts what the scenario needs (the in-process reference server, weak-network",
            "toxics in the clients' pipelines or in proxies in front of the gate), drives the",
            "population through its phases, drains, checks delivery, writes runs/<id>/",
            "(summary.json, junit.xml, index.html, .hlog logs) and exits with the verdict:",
            "0 every SLO holds, delivery is valid and nothing regressed against --baseline;",
            "1 one of those failed; 2 the scenario or the environment is broken; 3 inconclusive",
            "(the load generator fell behind, so latency SLOs cannot be judged); 130 stopped by",
            "Ctrl-C (the run drains briefly and writes its directory, marked interrupted)."},
        footer = {"", "Distributed runs (docs/distributed.md): shard i of n runs the clients whose",
            "index is i mod n, from the same global plan; every shard needs",
            "server.iplistUrl (one server for all) and a synchronised start",
            "(--start-barrier), and leaves ledger.bin for 'imbench report --merge', which",
            "judges delivery across shards.",
            "", "Examples:", "  imbench run scenarios/c2c.yaml --set clients=20000 --set network=3g",
            "  imbench run c2c --seed 7 --baseline runs/20261128-191500-c2c-s7",
            "  imbench run c2c --set server.iplistUrl=http://im:8080/iplist --shard 2/4 --start-barrier redis://redis:6379/run-17"})
public final class RunCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "SCENARIO",
            description = "A scenario file, or the name of a shipped one (${COMPLETION-CANDIDATES}).",
            completionCandidates = LibraryNames.class)
    String scenario;

    @Mixin
    ScenarioOptions options;

    @Option(names = "--baseline", paramLabel = "RUN",
            description = "A run directory or summary.json to compare with: a regression beyond --tolerance fails the run.")
    Path baseline;

    @Option(names = "--tolerance", paramLabel = "FRACTION", defaultValue = "0.2",
            description = "Allowed relative regression against the baseline (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--shard", paramLabel = "INDEX/COUNT",
            description = "Run shard INDEX of COUNT (from 0): the clients whose index is INDEX mod COUNT, on the"
                + " global plan of the seed; writes ledger.bin for 'imbench report --merge'.")
    String shard;

    @Option(names = "--start-barrier", paramLabel = "redis://HOST:PORT/KEY",
            description = "Where the COUNT shards of --shard meet (one key per run): they start together 2 s after"
                + " the last one arrives, begin the phases when all their clients are online, and make the final"
                + " pull when every shard has every message answered. A second shard with one index is refused.")
    String startBarrier;

    @Option(names = "--barrier-timeout", paramLabel = "DURATION", defaultValue = "10m",
            description = "How long a shard waits at --start-barrier for the others (30s, 10m, PT10M; default: ${DEFAULT-VALUE}).")
    java.time.Duration barrierTimeout;

    @Option(names = "--plant-loss", paramLabel = "N", defaultValue = "0",
            description = "Checks a merge: this shard's clients ack the first N pushes of messages sent on other"
                + " shards and then forget them (a hostile recipient), so the merged run must report N lost that no"
                + " shard sees. With --shard only; each drop is an event of the shard's run.")
    int plantLoss;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "0",
            description = "Serve the simulator's live counters and latency percentiles in Prometheus text on"
                + " http://HOST:PORT/metrics while the run goes (and an in-process server's on /admin/metrics);"
                + " 0, the default: not served.")
    int metricsPort;

    @Override
    public Integer call() {
        if (metricsPort < 0 || metricsPort > 65_535) {
            System.err.println("imbench: --metrics-port takes 0 (off) or a port from 1 to 65535, not " + metricsPort);
            return Imbench.EXIT_BROKEN;
        }
        dev.imbench.runner.ShardRun shardRun;
        try {
            shardRun = RunSupport.shardRun(shard, startBarrier, barrierTimeout, plantLoss);
        } catch (IllegalArgumentException e) {
            System.err.println("imbench: " + e.getMessage());
            return Imbench.EXIT_BROKEN;
        }
        String command = CommandText.of("run", scenario, options) + (shard == null ? "" : " --shard " + shard)
                + (startBarrier == null ? "" : " --start-barrier " + startBarrier)
                + (plantLoss == 0 ? "" : " --plant-loss " + plantLoss);
        RunOptions run = RunSupport.runOptions(options, baseline, tolerance, command, shardRun).withMetricsPort(metricsPort);
        if (metricsPort > 0) {
            System.out.println("imbench: live metrics on http://localhost:" + metricsPort + "/metrics while the run goes");
        }
        return RunSupport.runOne(scenario, options, run, System.out, System.err);
    }
}
