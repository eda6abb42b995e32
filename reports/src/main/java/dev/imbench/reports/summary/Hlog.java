package dev.imbench.reports.summary;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogReader;

/**
 * The intervals of one {@code .hlog} file on the run clock, with their tags
 * sorted out: {@code corrected} (or untagged) and {@code raw} are measured
 * samples, {@code warmup-corrected} and {@code warmup-raw} belong to a warm-up.
 *
 * @param intervals every interval histogram of the file, in file order
 */
public record Hlog(List<Interval> intervals) {

    /** Timestamps below this are already run-relative (older logs), above it epoch milliseconds. */
    private static final long EPOCH_FLOOR_MS = 100_000_000_000L;

    /**
     * One interval.
     *
     * @param startMs   run-relative start
     * @param endMs     run-relative end
     * @param raw       whether it is tagged raw (from the actual send) rather than corrected
     * @param warmup    whether it belongs to a warm-up
     * @param histogram the samples, µs
     */
    public record Interval(long startMs, long endMs, boolean raw, boolean warmup, Histogram histogram) {

        /** The middle of the interval, run-relative ms (intervals never straddle a phase change). */
        public long midMs() {
            return (startMs + endMs) / 2;
        }
    }

    /** Reads a file; {@code runStartedAt} is the run's start, epoch ms. */
    public static Hlog read(Path file, long runStartedAt) {
        List<Interval> out = new ArrayList<>();
        try {
            HistogramLogReader reader = new HistogramLogReader(file.toFile());
            for (EncodableHistogram e; (e = reader.nextIntervalHistogram()) != null; ) {
                if (!(e instanceof Histogram h)) {
                    continue;
                }
                long start = h.getStartTimeStamp();
                long end = h.getEndTimeStamp();
                if (start >= EPOCH_FLOOR_MS && runStartedAt > 0) {
                    start -= runStartedAt;
                    end -= runStartedAt;
                }
                String tag = h.getTag() == null ? "corrected" : h.getTag();
                boolean warmup = tag.startsWith("warmup-");
                boolean raw = tag.endsWith("raw");
                out.add(new Interval(start, Math.max(start, end), raw, warmup, h));
            }
        } catch (FileNotFoundException ex) {
            throw new UncheckedIOException(file + " is missing", ex);
        }
        return new Hlog(List.copyOf(out));
    }

    /** The measured (not warm-up) intervals whose middle lies in [fromMs, toMs). */
    public LatencyDigest measured(long fromMs, long toMs) {
        return digest(i -> !i.warmup() && i.midMs() >= fromMs && i.midMs() < toMs);
    }

    /** The warm-up intervals whose middle lies in [fromMs, toMs). */
    public LatencyDigest warmup(long fromMs, long toMs) {
        return digest(i -> i.warmup() && i.midMs() >= fromMs && i.midMs() < toMs);
    }

    /** Every measured (not warm-up) interval. */
    public LatencyDigest measured() {
        return digest(i -> !i.warmup());
    }

    /** Samples recorded in warm-up intervals (corrected tag). */
    public long warmupSamples() {
        return intervals.stream().filter(i -> i.warmup() && !i.raw()).mapToLong(i -> i.histogram().getTotalCount()).sum();
    }

    private LatencyDigest digest(java.util.function.Predicate<Interval> keep) {
        Histogram corrected = new Histogram(3);
        Histogram raw = new Histogram(3);
        for (Interval i : intervals) {
            if (keep.test(i)) {
                (i.raw() ? raw : corrected).add(i.histogram());
            }
        }
        return new LatencyDigest(corrected, raw);
    }
}
