package dev.imbench.sim.measure;

import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * A pair of HdrHistogram {@link Recorder}s for one metric, in microseconds:
 * {@code corrected} counts from the action's intended start (open model),
 * {@code raw} from its actual start. Wait-free for recording threads.
 */
public final class LatencyRecorder {

    /** Largest recordable latency: one hour in microseconds. */
    public static final long HIGHEST_MICROS = 3_600_000_000L;
    /** Significant digits kept. */
    public static final int DIGITS = 3;

    private final Recorder corrected = new Recorder(1, HIGHEST_MICROS, DIGITS);
    private final Recorder raw = new Recorder(1, HIGHEST_MICROS, DIGITS);
    private final Histogram total = new Histogram(1, HIGHEST_MICROS, DIGITS);
    private final Histogram totalRaw = new Histogram(1, HIGHEST_MICROS, DIGITS);
    private Histogram correctedInterval;
    private Histogram rawInterval;

    /**
     * Records one action.
     *
     * @param intendedNanos when the action should have started (System.nanoTime)
     * @param actualNanos   when it actually started
     * @param endNanos      when it completed
     */
    public void record(long intendedNanos, long actualNanos, long endNanos) {
        corrected.recordValue(clamp((endNanos - Math.min(intendedNanos, actualNanos)) / 1000));
        raw.recordValue(clamp((endNanos - actualNanos) / 1000));
    }

    private static long clamp(long micros) {
        return Math.max(1, Math.min(HIGHEST_MICROS, micros));
    }

    /**
     * Takes the interval snapshots since the last call (one thread at a time).
     * The returned histograms are reused by the next call.
     */
    public synchronized Histogram[] snapshot() {
        correctedInterval = corrected.getIntervalHistogram(correctedInterval);
        rawInterval = raw.getIntervalHistogram(rawInterval);
        total.add(correctedInterval);
        totalRaw.add(rawInterval);
        return new Histogram[] {correctedInterval, rawInterval};
    }

    /** The raw histogram of every interval snapshotted so far (copy). */
    public synchronized Histogram totalRaw() {
        return totalRaw.copy();
    }

    /** The corrected histogram of every interval snapshotted so far (copy). */
    public synchronized Histogram totalCorrected() {
        return total.copy();
    }
}
