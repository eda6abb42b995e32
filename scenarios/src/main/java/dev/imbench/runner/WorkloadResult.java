package dev.imbench.runner;

import java.util.List;

/**
 * What a workload reports besides the files it wrote.
 *
 * @param startedAtEpochMs when the run's clock started (the origin of every run-relative time)
 * @param peakOnline    most clients logged in at once
 * @param loadMillis    length of the loaded part of the run (warm-up and phases, without ramp and drain), for rates
 * @param phases        the phases as they happened, run-relative
 * @param drainComplete whether every client came online and pulled before the drain timeout
 * @param serverMetrics the server's Prometheus text at the end, empty when unknown
 * @param faults        the faults as the timeline applied and lifted them, run-relative
 * @param interrupted   whether a stop request ended the run early
 * @param interruptedAt run-relative ms of the stop request, -1 when not interrupted
 */
public record WorkloadResult(long startedAtEpochMs, int peakOnline, long loadMillis, List<PhaseSpan> phases, boolean drainComplete,
                             String serverMetrics, List<FaultSpan> faults, boolean interrupted, long interruptedAt) {

    /** Copies the lists. */
    public WorkloadResult {
        phases = List.copyOf(phases);
        faults = List.copyOf(faults);
    }

    /** A result without faults that ran to its end. */
    public WorkloadResult(long startedAtEpochMs, int peakOnline, long loadMillis, List<PhaseSpan> phases,
                          boolean drainComplete, String serverMetrics) {
        this(startedAtEpochMs, peakOnline, loadMillis, phases, drainComplete, serverMetrics, List.of(), false, -1);
    }

    /**
     * One phase as it happened.
     *
     * @param name   the phase name
     * @param start  run-relative start, ms
     * @param end    run-relative end, ms
     * @param warmup whether it was a warm-up (its samples are tagged {@code warmup-…})
     */
    public record PhaseSpan(String name, long start, long end, boolean warmup) {

        /** A measured phase. */
        public PhaseSpan(String name, long start, long end) {
            this(name, start, end, false);
        }
    }

    /**
     * One fault as it happened ({@code run.json} {@code faults}).
     *
     * @param name    unique in the run: the fault's target (profile), suffixed {@code -2}, {@code -3} when repeated
     * @param action  the scenario's action ({@code profile}, …)
     * @param start   run-relative ms it was applied
     * @param end     run-relative ms it was lifted
     * @param clients how many clients it concerned
     */
    public record FaultSpan(String name, String action, long start, long end, int clients) {
    }
}
