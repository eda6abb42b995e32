package dev.imbench.sim.measure;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.Histogram;

/**
 * Every recorder of a run plus the once-a-second ticker that snapshots them:
 * interval histograms go into in-memory {@code .hlog} text, counters into
 * {@code series.csv} rows. A phase change ({@link #beginPhase}) ends the
 * current intervals at once, so no interval straddles two phases; samples of
 * actions intended during a warm-up phase get the {@code warmup-} tags.
 * Clients of a network slice are also recorded into that slice's own logs.
 */
public final class RunMeasurements implements AutoCloseable {

    private static final String SERIES_HEADER = "t,sent,acked,delivered,pulled,errors,disconnects,online,"
            + "offered,ackedC2c,ackedC2g,disconnectsPlanned,disconnectsUnplanned,lagP99Ms\n";
    private static final SimCounters.Series[] ROW = {SimCounters.Series.SENT, SimCounters.Series.ACKED,
        SimCounters.Series.DELIVERED, SimCounters.Series.PULLED, SimCounters.Series.ERRORS, SimCounters.Series.DISCONNECTS};
    private static final SimCounters.Series[] ROW_TAIL = {SimCounters.Series.ACKED_C2C, SimCounters.Series.ACKED_C2G,
        SimCounters.Series.DISCONNECTS_PLANNED, SimCounters.Series.DISCONNECTS_UNPLANNED};
    private static final Metric[] METRICS = Metric.values();

    private final long startEpochMs;
    private final long startNanos;
    private final SimCounters counters;
    private final PhaseBook phases;
    private final SecondCounts offeredBySecond = new SecondCounts();
    private final SecondCounts sentBySecond = new SecondCounts();
    private final Map<Metric, MetricLog> logs = new EnumMap<>(Metric.class);
    private final AtomicIntegerArray used = new AtomicIntegerArray(METRICS.length);
    private final List<String> sliceNames;
    private final int[] sliceOf;
    private final AtomicReferenceArray<MetricLog> sliceLogs;
    private final GeneratorProbe probe = new GeneratorProbe();
    private final List<long[]> rows = new ArrayList<>();
    private final long[] lastTotals = new long[SimCounters.Series.values().length];
    private final Histogram secondLag = new Histogram(1, LatencyRecorder.HIGHEST_MICROS, LatencyRecorder.DIGITS);
    private final Thread ticker;
    private long lastTickEpochMs;
    private volatile boolean closed;
    private volatile long closedAtNanos;

    /** Starts measuring now; the run's {@code startedAt} is the given epoch ms, matching {@code startNanos}. */
    public RunMeasurements(long startEpochMs, long startNanos) {
        this(startEpochMs, startNanos, List.of(), new int[0]);
    }

    /**
     * Starts measuring now, with per-slice logs.
     *
     * @param sliceNames  the network slices' names (profile names), by slice index
     * @param sliceOf     the slice index of each client index, -1 for none
     */
    public RunMeasurements(long startEpochMs, long startNanos, List<String> sliceNames, int[] sliceOf) {
        this.startEpochMs = startEpochMs;
        this.startNanos = startNanos;
        this.counters = new SimCounters(startNanos);
        this.lastTickEpochMs = startEpochMs;
        this.phases = new PhaseBook(startNanos);
        this.sliceNames = List.copyOf(sliceNames);
        this.sliceOf = sliceOf.clone();
        this.sliceLogs = new AtomicReferenceArray<>(this.sliceNames.size() * METRICS.length);
        for (Metric m : METRICS) {
            logs.put(m, new MetricLog(startEpochMs));
        }
        this.ticker = Thread.ofPlatform().daemon().name("sim-measure-ticker").start(this::tickLoop);
    }

    /** The recorder of a metric (for reading totals); marks the metric as exercised. */
    public LatencyRecorder recorder(Metric m) {
        markUsed(m);
        return logs.get(m).recorder();
    }

    /** Whether anything recorded into the metric (or read it through {@link #recorder}); does not mark it. */
    public boolean exercised(Metric m) {
        return used.get(m.ordinal()) != 0;
    }

    private void markUsed(Metric m) {
        if (used.get(m.ordinal()) == 0) {
            used.set(m.ordinal(), 1);
        }
    }

    /**
     * Records one action of a client: into the run's log of the metric, with the
     * warm-up tags when it was intended during a warm-up, and into the log of the
     * client's network slice.
     *
     * @param client        the client index (-1: none)
     * @param intendedNanos when the action should have started
     * @param actualNanos   when it actually started
     * @param endNanos      when it completed
     */
    public void record(Metric m, int client, long intendedNanos, long actualNanos, long endNanos) {
        boolean warmup = phases.warmupAt(Math.min(intendedNanos, actualNanos));
        markUsed(m);
        logs.get(m).recorder().record(intendedNanos, actualNanos, endNanos, warmup);
        int slice = client >= 0 && client < sliceOf.length ? sliceOf[client] : -1;
        if (slice >= 0) {
            sliceLog(slice, m).recorder().record(intendedNanos, actualNanos, endNanos, warmup);
        }
    }

    private MetricLog sliceLog(int slice, Metric m) {
        int k = slice * METRICS.length + m.ordinal();
        MetricLog log = sliceLogs.get(k);
        if (log == null) {
            sliceLogs.compareAndSet(k, null, new MetricLog(startEpochMs));
            log = sliceLogs.get(k);
        }
        return log;
    }

    /** {@code n} send actions of one kind were intended at {@code intendedNanos} (the generator's offered load). */
    public void offered(long intendedNanos, boolean group, long n) {
        counters.offered(group, n);
        phases.at(intendedNanos).load().offered(group, n);
        offeredBySecond.add((intendedNanos - startNanos) / 1_000_000_000L, n);
    }

    /**
     * A send action intended at {@code intendedNanos} was first sent at {@code sentNanos} (achieved).
     * A send that waited for a reconnect was held by the network, not by the generator, which took it on
     * time into the client's outbox: it counts as achieved in the phase it was intended in, so a fault
     * that cuts clients off does not make the run look generator-bound.
     *
     * @param scheduled whether the client was logged in at the intended time, so that the delay is the
     *                  generator's schedule lag (sends that waited for a reconnect are not)
     */
    public void sent(int client, long intendedNanos, long sentNanos, boolean scheduled) {
        PhaseBook.Load load = phases.at(scheduled ? sentNanos : intendedNanos).load();
        load.countAchieved();
        sentBySecond.add((sentNanos - startNanos) / 1_000_000_000L, 1);
        if (scheduled) {
            load.lag((sentNanos - intendedNanos) / 1000);
            record(Metric.LAG, client, intendedNanos, intendedNanos, sentNanos);
        }
    }

    /**
     * A new phase starts now: the intervals of every log end here (written under
     * the phase that ends), and samples intended from now on belong to the new one.
     */
    public synchronized void beginPhase(String name, boolean warmup) {
        long now = System.nanoTime();
        // The book first: a sample recorded while the intervals are being written is tagged by the new phase.
        phases.begin(name, warmup, now);
        if (!closed) {
            intervals(now);
        }
    }

    /** The phases so far and the generator's counters in each. */
    public PhaseBook phases() {
        return phases;
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
                LockSupport.parkNanos(wait);
                continue;
            }
            tick();
            next += 1_000_000_000L;
        }
    }

    /** Ends the intervals and appends one series row (called each second, and at close). */
    synchronized void tick() {
        intervals(System.nanoTime());
        long[] row = new long[ROW.length + 1 + ROW_TAIL.length + 1];
        int c = 0;
        for (SimCounters.Series s : ROW) {
            row[c++] = delta(s);
        }
        row[c++] = counters.online();
        for (SimCounters.Series s : ROW_TAIL) {
            row[c++] = delta(s);
        }
        row[c] = secondLag.getTotalCount() == 0 ? 0 : secondLag.getValueAtPercentile(99);
        secondLag.reset();
        rows.add(row);
    }

    private long delta(SimCounters.Series s) {
        long total = counters.total(s);
        long d = total - lastTotals[s.ordinal()];
        lastTotals[s.ordinal()] = total;
        return d;
    }

    private void intervals(long nowNanos) {
        long nowEpochMs = startEpochMs + (nowNanos - startNanos) / 1_000_000;
        for (Metric m : METRICS) {
            if (used.get(m.ordinal()) == 0) {
                continue; // nothing recorded, and its log is never written
            }
            Histogram[] h = logs.get(m).interval(lastTickEpochMs, nowEpochMs);
            if (m == Metric.LAG) {
                secondLag.add(h[LatencyRecorder.CORRECTED]);
                secondLag.add(h[LatencyRecorder.WARMUP_CORRECTED]);
            }
        }
        for (int k = 0; k < sliceLogs.length(); k++) {
            MetricLog log = sliceLogs.get(k);
            if (log != null) {
                log.interval(lastTickEpochMs, nowEpochMs);
            }
        }
        lastTickEpochMs = nowEpochMs;
    }

    /**
     * Writes {@code latency/<metric>.hlog} for each exercised metric,
     * {@code latency/slice/<profile>/<metric>.hlog} for each slice's, {@code series.csv},
     * {@code errors.csv} and {@code generator.json}.
     */
    public synchronized void writeTo(Path runDir) throws IOException {
        Path latency = Files.createDirectories(runDir.resolve("latency"));
        for (Metric m : METRICS) {
            if (used.get(m.ordinal()) != 0) {
                Files.write(latency.resolve(m.fileName() + ".hlog"), logs.get(m).bytes());
            }
        }
        for (int k = 0; k < sliceLogs.length(); k++) {
            MetricLog log = sliceLogs.get(k);
            if (log != null) {
                Path dir = Files.createDirectories(latency.resolve("slice").resolve(sliceNames.get(k / METRICS.length)));
                Files.write(dir.resolve(METRICS[k % METRICS.length].fileName() + ".hlog"), log.bytes());
            }
        }
        Files.writeString(runDir.resolve("series.csv"), seriesCsv(), StandardCharsets.UTF_8);
        Files.writeString(runDir.resolve("errors.csv"), counters.errorsCsv(), StandardCharsets.UTF_8);
        GeneratorReport.write(runDir.resolve("generator.json"), probe.finish(),
                phases, startNanos, closed ? closedAtNanos : System.nanoTime());
    }

    private String seriesCsv() {
        StringBuilder sb = new StringBuilder(SERIES_HEADER);
        for (int i = 0; i < rows.size(); i++) {
            long[] r = rows.get(i);
            // sent (achieved) and offered count by the exact second of the send and of the intention, so the
            // two compare second by second; the other counters by the ticker's snapshot.
            sb.append(i + 1).append(',').append(sentBySecond.get(i));
            for (int c = 1; c <= ROW.length; c++) {
                sb.append(',').append(r[c]);
            }
            sb.append(',').append(offeredBySecond.get(i));
            for (int c = ROW.length + 1; c < r.length - 1; c++) {
                sb.append(',').append(r[c]);
            }
            sb.append(',').append(String.format(Locale.ROOT, "%.3f", r[r.length - 1] / 1000.0)).append('\n');
        }
        return sb.toString();
    }

    /** Stops the ticker after a last snapshot. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closedAtNanos = System.nanoTime();
        LockSupport.unpark(ticker);
        try {
            ticker.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tick();
        probe.finish();
    }
}
