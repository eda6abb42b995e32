package dev.imbench.sim.measure;

import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.ErrorCode;
import dev.imbench.sim.transport.DisconnectCause;
import dev.imbench.sim.transport.TransportListener;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Run totals ({@code counters.json}) and the per-second series counters
 * ({@code series.csv}). Thread-safe; recording is a {@link LongAdder} increment.
 */
public final class SimCounters implements TransportListener {

    /** Per-second series counters ({@code series.csv} columns; see {@link RunMeasurements} for the order). */
    public enum Series {
        SENT, ACKED, DELIVERED, PULLED, ERRORS, DISCONNECTS,
        /** Acks of c2c messages. */
        ACKED_C2C,
        /** Acks of group messages. */
        ACKED_C2G,
        /** Disconnects the simulation meant: churn, background, the old device's kickout, end of run. */
        DISCONNECTS_PLANNED,
        /** Every other disconnect (server close, I/O error, timeout). */
        DISCONNECTS_UNPLANNED
    }

    private final LongAdder connects = new LongAdder();
    private final LongAdder[] disconnects = adders(DisconnectCause.values().length);
    private final LongAdder[] errorsByCode = adders(64);
    private final LongAdder kickouts = new LongAdder();
    private final LongAdder resends = new LongAdder();
    private final LongAdder abandoned = new LongAdder();
    private final LongAdder bytesIn = new LongAdder();
    private final LongAdder bytesOut = new LongAdder();
    private final LongAdder[] seriesTotal = adders(Series.values().length);
    private final AtomicInteger online = new AtomicInteger();
    private final LongAdder offeredC2c = new LongAdder();
    private final LongAdder offeredC2g = new LongAdder();
    private final long startNanos;
    /** Error answers by (second since the start) * 64 + code: rare, so a map. */
    private final java.util.concurrent.ConcurrentHashMap<Long, LongAdder> errorsBySecond =
            new java.util.concurrent.ConcurrentHashMap<>();

    /** Counters of a run whose clock started at {@code startNanos} ({@link System#nanoTime()}). */
    public SimCounters(long startNanos) {
        this.startNanos = startNanos;
    }

    /** Counters of a run starting now. */
    public SimCounters() {
        this(System.nanoTime());
    }

    private static LongAdder[] adders(int n) {
        LongAdder[] a = new LongAdder[n];
        for (int i = 0; i < n; i++) {
            a[i] = new LongAdder();
        }
        return a;
    }

    /** One successful login (connect + auth). */
    public void connected() {
        connects.increment();
        online.incrementAndGet();
    }

    /** A logged-in session ended. */
    public void disconnected(DisconnectCause cause) {
        disconnects[cause.ordinal()].increment();
        seriesTotal[Series.DISCONNECTS.ordinal()].increment();
        boolean planned = cause == DisconnectCause.PLANNED || cause == DisconnectCause.KICKOUT;
        seriesTotal[(planned ? Series.DISCONNECTS_PLANNED : Series.DISCONNECTS_UNPLANNED).ordinal()].increment();
        online.decrementAndGet();
    }

    /** The server acked a message (c2c or group). */
    public void acked(boolean group) {
        seriesTotal[Series.ACKED.ordinal()].increment();
        seriesTotal[(group ? Series.ACKED_C2G : Series.ACKED_C2C).ordinal()].increment();
    }

    /** {@code n} send actions of a kind were intended (the offered load). */
    void offered(boolean group, long n) {
        (group ? offeredC2g : offeredC2c).add(n);
    }

    /** Send actions intended so far, both kinds. */
    public long offeredTotal() {
        return offeredC2c.sum() + offeredC2g.sum();
    }

    /** A connection attempt or login that failed before the session existed. */
    public void loginFailed() {
        seriesTotal[Series.ERRORS.ordinal()].increment();
    }

    /** An error answer from the server. */
    public void error(ErrorCode code) {
        int c = Math.min(code.getNumber(), errorsByCode.length - 1);
        errorsByCode[c].increment();
        long second = Math.max(0, (System.nanoTime() - startNanos) / 1_000_000_000L);
        errorsBySecond.computeIfAbsent(second * errorsByCode.length + c, k -> new LongAdder()).increment();
        seriesTotal[Series.ERRORS.ordinal()].increment();
    }

    /**
     * {@code errors.csv}: the error answers of each second by code, one row per second and code that had
     * any ({@code second} counts from the run start, 0 = the first second), sorted.
     */
    public String errorsCsv() {
        StringBuilder sb = new StringBuilder("second,code,count\n");
        errorsBySecond.keySet().stream().sorted().forEach(k -> {
            ErrorCode code = ErrorCode.forNumber((int) (k % errorsByCode.length));
            sb.append(k / errorsByCode.length).append(',').append(code == null ? "UNKNOWN_" + k % errorsByCode.length
                    : code.name()).append(',').append(errorsBySecond.get(k).sum()).append('\n');
        });
        return sb.toString();
    }

    /** A kickout received. */
    public void kickout() {
        kickouts.increment();
    }

    /** A message resent with its original client message id. */
    public void resend() {
        resends.increment();
    }

    /** A message given up after its last ack timeout. */
    public void abandoned() {
        abandoned.increment();
    }

    /** Messages given up so far. */
    public long abandonedCount() {
        return abandoned.sum();
    }

    /** Messages resent so far. */
    public long resendCount() {
        return resends.sum();
    }

    /** Kickouts received so far. */
    public long kickoutCount() {
        return kickouts.sum();
    }

    /** Disconnects with the given cause so far. */
    public long disconnectCount(DisconnectCause cause) {
        return disconnects[cause.ordinal()].sum();
    }

    /** Adds to one of the per-second series counters. */
    public void count(Series s) {
        seriesTotal[s.ordinal()].increment();
    }

    /** Clients logged in right now. */
    public int online() {
        return online.get();
    }

    /** Running total of a series counter since the start. */
    public long total(Series s) {
        return seriesTotal[s.ordinal()].sum();
    }

    @Override
    public void sent(Frame frame, int bytes) {
        bytesOut.add(bytes);
    }

    @Override
    public void received(Frame frame, int bytes) {
        bytesIn.add(bytes);
    }

    /** The {@code counters.json} object. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("connects", connects.sum());
        Map<String, Long> d = new LinkedHashMap<>();
        for (DisconnectCause c : DisconnectCause.values()) {
            d.put(c.key(), disconnects[c.ordinal()].sum());
        }
        m.put("disconnects", d);
        Map<String, Long> e = new LinkedHashMap<>();
        for (ErrorCode code : ErrorCode.values()) {
            if (code != ErrorCode.UNRECOGNIZED && errorsByCode[code.getNumber()].sum() > 0) {
                e.put(code.name(), errorsByCode[code.getNumber()].sum());
            }
        }
        m.put("errors", e);
        m.put("kickouts", kickouts.sum());
        m.put("resends", resends.sum());
        m.put("abandoned", abandoned.sum());
        m.put("bytesIn", bytesIn.sum());
        m.put("bytesOut", bytesOut.sum());
        m.put("acked", byKind(total(Series.ACKED_C2C), total(Series.ACKED_C2G)));
        m.put("offered", byKind(offeredC2c.sum(), offeredC2g.sum()));
        return m;
    }

    private static Map<String, Long> byKind(long c2c, long c2g) {
        Map<String, Long> m = new LinkedHashMap<>();
        m.put("c2c", c2c);
        m.put("c2g", c2g);
        return m;
    }
}
