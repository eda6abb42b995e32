package dev.imbench.sim.measure;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * Every recorder of a run plus the once-a-second ticker that snapshots them:
 * interval histograms go into in-memory {@code .hlog} text (compressed, a few
 * hundred bytes per interval), counters into {@code series.csv} rows.
 */
public final class RunMeasurements implements AutoCloseable {

    private final long startEpochMs;
    private final long startNanos;
    private final SimCounters counters = new SimCounters();
    private final Map<Metric, LatencyRecorder> recorders = new EnumMap<>(Metric.class);
    private final Map<Metric, ByteArrayOutputStream> logBytes = new EnumMap<>(Metric.class);
    private final Map<Metric, HistogramLogWriter> writers = new EnumMap<>(Metric.class);
    private final java.util.concurrent.atomic.AtomicIntegerArray used =
            new java.util.concurrent.atomic.AtomicIntegerArray(Metric.values().length);
    private final StringBuilder series = new StringBuilder("t,sent,acked,delivered,pulled,errors,disconnects,online\n");
    private final long[] lastTotals = new long[SimCounters.Series.values().length];
    private final Thread ticker;
    private long lastTickEpochMs;
    private int second;
    private volatile boolean closed;

    /** Starts measuring now; the run's {@code startedAt} is the given epoch ms, matching {@code startNanos}. */
    public RunMeasurements(long startEpochMs, long startNanos) {
        this.startEpochMs = startEpochMs;
        this.startNanos = startNanos;
        this.lastTickEpochMs = startEpochMs;
        for (Metric m : Metric.values()) {
            recorders.put(m, new LatencyRecorder());
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            HistogramLogWriter w = new HistogramLogWriter(new PrintStream(bytes, true, StandardCharsets.UTF_8));
            w.outputLogFormatVersion();
            w.outputStartTime(startEpochMs);
            w.setBaseTime(startEpochMs);
            w.outputBaseTime(startEpochMs);
            w.outputLegend();
            logBytes.put(m, bytes);
            writers.put(m, w);
        }
        this.ticker = Thread.ofPlatform().daemon().name("sim-measure-ticker").start(this::tickLoop);
    }

    /** The recorder of a metric; marks the metric as exercised. */
    public LatencyRecorder recorder(Metric m) {
        if (used.get(m.ordinal()) == 0) {
            used.set(m.ordinal(), 1);
        }
        return recorders.get(m);
    }

    /** The run's counters. */
    public SimCounters counters() {
        return counters;
    }

    /** The nanoTime origin of the run. */
    public long startNanos() {
        return startNanos;
    }

    /** The run's start, epoch ms. */
    public long startEpochMs() {
        return startEpochMs;
    }

    private void tickLoop() {
        long next = startNanos + 1_000_000_000L;
        while (!closed) {
            long wait = next - System.nanoTime();
            if (wait > 0) {
                java.util.concurrent.locks.LockSupport.parkNanos(wait);
                continue;
            }
            tick();
            next += 1_000_000_000L;
        }
    }

    /** Snapshots every recorder and appends one series row (called each second, and at close). */
    synchronized void tick() {
        long nowEpochMs = startEpochMs + (System.nanoTime() - startNanos) / 1_000_000;
        for (Metric m : Metric.values()) {
            Histogram[] h = recorders.get(m).snapshot();
            HistogramLogWriter w = writers.get(m);
            String[] tags = {"corrected", "raw"};
            for (int i = 0; i < 2; i++) {
                h[i].setStartTimeStamp(lastTickEpochMs);
                h[i].setEndTimeStamp(nowEpochMs);
                h[i].setTag(tags[i]);
                // Values are µs, so a ratio of 1000 prints Interval_Max in ms, as for ns logs.
                w.outputIntervalHistogram((lastTickEpochMs - startEpochMs) / 1000.0,
                        (nowEpochMs - startEpochMs) / 1000.0, h[i], 1000.0);
            }
        }
        lastTickEpochMs = nowEpochMs;
        second++;
        series.append(second);
        for (SimCounters.Series s : SimCounters.Series.values()) {
            long total = counters.total(s);
            series.append(',').append(total - lastTotals[s.ordinal()]);
            lastTotals[s.ordinal()] = total;
        }
        series.append(',').append(counters.online()).append('\n');
    }

    /** Writes {@code latency/<metric>.hlog} for each exercised metric and {@code series.csv}. */
    public synchronized void writeTo(Path runDir) throws IOException {
        Path latency = runDir.resolve("latency");
        Files.createDirectories(latency);
        for (Metric m : Metric.values()) {
            if (used.get(m.ordinal()) != 0) {
                Files.write(latency.resolve(m.fileName() + ".hlog"), logBytes.get(m).toByteArray());
            }
        }
        Files.writeString(runDir.resolve("series.csv"), series, StandardCharsets.UTF_8);
    }

    /** Stops the ticker after a last snapshot. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        java.util.concurrent.locks.LockSupport.unpark(ticker);
        try {
            ticker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tick();
    }
}
