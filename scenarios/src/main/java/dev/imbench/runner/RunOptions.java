package dev.imbench.runner;

import java.nio.file.Path;
import java.util.List;

/**
 * How the runner runs a scenario.
 *
 * @param outRoot       parent of the run directory (default {@code runs})
 * @param command       the command line that reproduces the run, recorded in run.json
 * @param progress      print a live progress line (only sensible on a terminal)
 * @param baseline      a run directory or summary.json to compare against, or null
 * @param tolerance     allowed relative regression against the baseline (0.2 = 20 %)
 * @param report        write index.html at the end
 * @param traceUids     uids whose frames are traced
 * @param shard         which shard of a distributed run this is ({@link ShardRun#WHOLE}: the whole run)
 * @param metricsPort   where the simulator's live Prometheus metrics are served during the run (0: not served)
 */
public record RunOptions(Path outRoot, String command, boolean progress, Path baseline, double tolerance,
                         boolean report, List<String> traceUids, ShardRun shard, int metricsPort) {

    /** Copies the list; refuses a port outside 0..65535. */
    public RunOptions {
        traceUids = List.copyOf(traceUids);
        java.util.Objects.requireNonNull(shard, "shard");
        if (metricsPort < 0 || metricsPort > 65_535) {
            throw new IllegalArgumentException("--metrics-port takes 0 (off) or a port from 1 to 65535, not " + metricsPort);
        }
    }

    /** Options without live metrics. */
    public RunOptions(Path outRoot, String command, boolean progress, Path baseline, double tolerance,
                      boolean report, List<String> traceUids, ShardRun shard) {
        this(outRoot, command, progress, baseline, tolerance, report, traceUids, shard, 0);
    }

    /** Options of a run of one process. */
    public RunOptions(Path outRoot, String command, boolean progress, Path baseline, double tolerance,
                      boolean report, List<String> traceUids) {
        this(outRoot, command, progress, baseline, tolerance, report, traceUids, ShardRun.WHOLE);
    }

    /** These options with live metrics served on {@code port} (0: not served). */
    public RunOptions withMetricsPort(int port) {
        return new RunOptions(outRoot, command, progress, baseline, tolerance, report, traceUids, shard, port);
    }

    /** Defaults: {@code runs/}, no progress, no baseline, a report. */
    public static RunOptions defaults(String command) {
        return new RunOptions(Path.of("runs"), command, false, null, 0.2, true, List.of());
    }
}
