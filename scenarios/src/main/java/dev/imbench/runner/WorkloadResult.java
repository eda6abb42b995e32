package dev.imbench.runner;

import java.util.List;

/**
 * What a workload reports besides the files it wrote.
 *
 * @param startedAtEpochMs when the run's clock started (the origin of every run-relative time)
 * @param peakOnline    most clients logged in at once
 * @param loadMillis    length of the loaded part of the run (phases, without ramp and drain), for rates
 * @param phases        the phases as they happened, run-relative
 * @param drainComplete whether every client came online and pulled before the drain timeout
 * @param serverMetrics the server's Prometheus text at the end, empty when unknown
 */
public record WorkloadResult(long startedAtEpochMs, int peakOnline, long loadMillis, List<PhaseSpan> phases, boolean drainComplete,
                             String serverMetrics) {

    /**
     * One phase as it happened.
     *
     * @param name  the phase name
     * @param start run-relative start, ms
     * @param end   run-relative end, ms
     */
    public record PhaseSpan(String name, long start, long end) {
    }
}
