package dev.imbench.sim.measure;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * The HdrHistogram {@link Recorder}s of one metric, in microseconds:
 * {@code corrected} counts from the action's intended start (open model),
 * {@code raw} from its actual start; samples of actions intended during a
 * warm-up go to a second pair, kept apart from the measured ones. Wait-free
 * for recording threads.
 */
public final class LatencyRecorder {

    /** Largest recordable latency: one hour in microseconds. */
    public static final long HIGHEST_MICROS = 3_600_000_000L;
    /** Significant digits kept. */
    public static final int DIGITS = 3;

    /** Index of each histogram in {@link #snapshot()}. */
    public static final int CORRECTED = 0;
    /** Raw (from the actual start). */
    public static final int RAW = 1;
    /** Corrected, of actions intended during a warm-up. */
    public static final int WARMUP_CORRECTED = 2;
    /** Raw, of actions intended during a warm-up. */
    public static final int WARMUP_RAW = 3;
    /** The {@code .hlog} tag of each snapshot index. */
    public static final String[] TAGS = {"corrected", "raw", "warmup-corrected", "warmup-raw"};

    private final Recorder[] recorders = new Recorder[TAGS.length];
    private final Histogram[] intervals = new Histogram[TAGS.length];
    private final Histogram total = new Histogram(1, HIGHEST_MICROS, DIGITS);
    private final Histogram totalRaw = new Histogram(1, HIGHEST_MICROS, DIGITS);

    /** Empty recorders. */
    public LatencyRecorder() {
        for (int i = 0; i < TAGS.length; i++) {
            recorders[i] = new Recorder(1, HIGHEST_MICROS, DIGITS);
        }
    }

    /**
     * Records one measured action.
     *
     * @param intendedNanos when the action should have started (System.nanoTime)
     * @param actualNanos   when it actually started
     * @param endNanos      when it completed
     */
    public void record(long intendedNanos, long actualNanos, long endNanos) {
        record(intendedNanos, actualNanos, endNanos, false);
    }

    /** Records one action; {@code warmup}: it was intended during a warm-up (kept out of the measured tags). */
    public void record(long intendedNanos, long actualNanos, long endNanos, boolean warmup) {
        int base = warmup ? WARMUP_CORRECTED : CORRECTED;
        recorders[base].recordValue(clamp((endNanos - Math.min(intendedNanos, actualNanos)) / 1000));
        recorders[base + 1].recordValue(clamp((endNanos - actualNanos) / 1000));
    }

    private static long clamp(long micros) {
        return Math.max(1, Math.min(HIGHEST_MICROS, micros));
    }

    /**
     * Takes the interval snapshots since the last call (one thread at a time),
     * indexed {@link #CORRECTED}, {@link #RAW}, {@link #WARMUP_CORRECTED}, {@link #WARMUP_RAW}.
     * The returned histograms are reused by the next call.
     */
    public synchronized Histogram[] snapshot() {
        for (int i = 0; i < TAGS.length; i++) {
            intervals[i] = recorders[i].getIntervalHistogram(intervals[i]);
        }
        total.add(intervals[CORRECTED]);
        totalRaw.add(intervals[RAW]);
        return intervals.clone();
    }

    /**
     * The corrected total so far read in place (no copy, for a live view): {@code [count, max, value at
     * each of percentiles...]} in microseconds; completed intervals only, warm-up excluded.
     */
    public synchronized long[] correctedSummary(double... percentiles) {
        long[] out = new long[2 + percentiles.length];
        out[0] = total.getTotalCount();
        out[1] = out[0] == 0 ? 0 : total.getMaxValue();
        for (int i = 0; i < percentiles.length; i++) {
            out[2 + i] = out[0] == 0 ? 0 : total.getValueAtPercentile(percentiles[i]);
        }
        return out;
    }

    /** The raw histogram of every measured interval snapshotted so far (copy; warm-up excluded). */
    public synchronized Histogram totalRaw() {
        return totalRaw.copy();
    }

    /** The corrected histogram of every measured interval snapshotted so far (copy; warm-up excluded). */
    public synchronized Histogram totalCorrected() {
        return total.copy();
    }
}
