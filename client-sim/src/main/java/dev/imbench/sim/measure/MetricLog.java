package dev.imbench.sim.measure;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * One metric's recorder and its {@code .hlog} text in memory (compressed
 * intervals, a few hundred bytes each). The measured tags get an interval every
 * time; the warm-up tags only when they hold samples.
 */
final class MetricLog {

    private final LatencyRecorder recorder = new LatencyRecorder();
    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final HistogramLogWriter writer;
    private final long startEpochMs;

    MetricLog(long startEpochMs) {
        this.startEpochMs = startEpochMs;
        this.writer = new HistogramLogWriter(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        writer.outputLogFormatVersion();
        writer.outputStartTime(startEpochMs);
        writer.setBaseTime(startEpochMs);
        writer.outputBaseTime(startEpochMs);
        writer.outputLegend();
    }

    LatencyRecorder recorder() {
        return recorder;
    }

    /** Ends an interval at {@code toEpochMs}; returns its histograms (indexed as {@link LatencyRecorder#snapshot()}). */
    Histogram[] interval(long fromEpochMs, long toEpochMs) {
        Histogram[] h = recorder.snapshot();
        for (int i = 0; i < h.length; i++) {
            if (i >= LatencyRecorder.WARMUP_CORRECTED && h[i].getTotalCount() == 0) {
                continue;
            }
            h[i].setStartTimeStamp(fromEpochMs);
            h[i].setEndTimeStamp(toEpochMs);
            h[i].setTag(LatencyRecorder.TAGS[i]);
            // Values are µs, so a ratio of 1000 prints Interval_Max in ms, as for ns logs.
            writer.outputIntervalHistogram((fromEpochMs - startEpochMs) / 1000.0, (toEpochMs - startEpochMs) / 1000.0,
                    h[i], 1000.0);
        }
        return h;
    }

    byte[] bytes() {
        return bytes.toByteArray();
    }
}
