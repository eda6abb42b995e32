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
 */
public record RunOptions(Path outRoot, String command, boolean progress, Path baseline, double tolerance,
                         boolean report, List<String> traceUids, ShardRun shard) {

    /** Copies the list. */
    public RunOptions {
        traceUids = List.copyOf(traceUids);
        java.util.Objects.requireNonNull(shard, "shard");
    }

    /** Options of a run of one process. */
    public RunOptions(Path outRoot, String command, boolean progress, Path baseline, double tolerance,
                      boolean report, List<String> traceUids) {
        this(outRoot, command, progress, baseline, tolerance, report, traceUids, ShardRun.WHOLE);
    }

    /** Defaults: {@code runs/}, no progress, no baseline, a report. */
    public static RunOptions defaults(String command) {
        return new RunOptions(Path.of("runs"), command, false, null, 0.2, true, List.of());
    }
}
