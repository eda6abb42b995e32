package dev.imbench.reports;

import java.io.FileNotFoundException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.EncodableHistogram;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramIterationValue;
import org.HdrHistogram.HistogramLogReader;

/**
 * One latency metric's {@code .hlog}: the intervals of each tag
 * ({@code corrected}, {@code raw}) and their whole-run merge. Values are
 * microseconds in the file and milliseconds here. Samples of a warm-up are
 * kept apart (tags {@code warmup-corrected}, {@code warmup-raw}): they are
 * never part of {@link #corrected()} or {@link #raw()}.
 *
 * @param corrected       measured intervals tagged {@code corrected} (or untagged)
 * @param raw             measured intervals tagged {@code raw}
 * @param warmupCorrected warm-up intervals tagged {@code warmup-corrected}
 * @param warmupRaw       warm-up intervals tagged {@code warmup-raw}
 */
public record LatencyLog(List<Interval> corrected, List<Interval> raw, List<Interval> warmupCorrected,
                         List<Interval> warmupRaw) {

    /** Tag of warm-up intervals from the intended start. */
    public static final String WARMUP_CORRECTED = "warmup-corrected";
    /** Tag of warm-up intervals from the actual send. */
    public static final String WARMUP_RAW = "warmup-raw";

    /** A log without a warm-up. */
    public LatencyLog(List<Interval> corrected, List<Interval> raw) {
        this(corrected, raw, List.of(), List.of());
    }

    /** True when the log holds no interval of any tag. */
    public boolean isEmpty() {
        return corrected.isEmpty() && raw.isEmpty() && warmupCorrected.isEmpty() && warmupRaw.isEmpty();
    }

    /**
     * One interval's percentiles, in ms.
     *
     * @param startSec seconds since the run started
     * @param count    samples in the interval
     * @param p50      median
     * @param p99      99th percentile
     * @param p999     99.9th percentile
     * @param max      largest sample
     * @param histogram the interval itself (µs), for merging
     */
    public record Interval(double startSec, long count, double p50, double p99, double p999, double max,
                           Histogram histogram) {
    }

    /** Reads an .hlog file; {@code runStartMs} (epoch ms, or 0 for the log's own start) anchors interval times. */
    public static LatencyLog read(Path file, long runStartMs) {
        List<Interval> corrected = new ArrayList<>();
        List<Interval> raw = new ArrayList<>();
        List<Interval> warmupCorrected = new ArrayList<>();
        List<Interval> warmupRaw = new ArrayList<>();
        try {
            HistogramLogReader reader = new HistogramLogReader(file.toFile());
            for (EncodableHistogram e; (e = reader.nextIntervalHistogram()) != null; ) {
                if (!(e instanceof Histogram h)) {
                    continue;
                }
                long anchor = runStartMs > 0 ? runStartMs : (long) (reader.getStartTimeSec() * 1000);
                double start = (h.getStartTimeStamp() - anchor) / 1000.0;
                Interval i = new Interval(start, h.getTotalCount(), ms(h.getValueAtPercentile(50)),
                        ms(h.getValueAtPercentile(99)), ms(h.getValueAtPercentile(99.9)), ms(h.getMaxValue()), h);
                String tag = h.getTag() == null ? "corrected" : h.getTag();
                (switch (tag) {
                    case "raw" -> raw;
                    case WARMUP_CORRECTED -> warmupCorrected;
                    case WARMUP_RAW -> warmupRaw;
                    default -> corrected;
                }).add(i);
            }
        } catch (FileNotFoundException ex) {
            throw new UncheckedIOException(file + " is missing", ex);
        }
        return new LatencyLog(List.copyOf(corrected), List.copyOf(raw), List.copyOf(warmupCorrected), List.copyOf(warmupRaw));
    }

    /** All intervals of a tag added into one histogram (µs). */
    public static Histogram merge(List<Interval> intervals) {
        Histogram all = new Histogram(3);
        intervals.forEach(i -> all.add(i.histogram()));
        return all;
    }

    /**
     * The percentile spectrum of a histogram: points (x = 1/(1-q), latency ms),
     * as HdrHistogram's percentile distribution plots it.
     */
    public static double[][] spectrum(Histogram h) {
        List<double[]> pts = new ArrayList<>();
        if (h.getTotalCount() > 0) {
            for (HistogramIterationValue v : h.percentiles(5)) {
                double q = v.getPercentileLevelIteratedTo() / 100.0;
                if (q >= 1.0) {
                    break;
                }
                pts.add(new double[] {1 / (1 - q), ms(v.getValueIteratedTo())});
            }
            pts.add(new double[] {1 / (1 - 0.99999), ms(h.getMaxValue())});
        }
        return pts.toArray(double[][]::new);
    }

    static double ms(double micros) {
        return Math.round(micros) / 1000.0;
    }
}
