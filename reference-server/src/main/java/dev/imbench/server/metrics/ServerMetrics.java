package dev.imbench.server.metrics;

import dev.imbench.protocol.pb.CmdId;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Every meter of the server, created once so the hot path only increments. Scrape with
 * {@link #scrape()} (Prometheus text format; served on {@code GET /admin/metrics}).
 */
public final class ServerMetrics {

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Map<CmdId, Counter> framesIn = new EnumMap<>(CmdId.class);
    private final Map<CmdId, Counter> framesOut = new EnumMap<>(CmdId.class);
    private final AtomicLong connections = new AtomicLong();
    private final Counter badFrames;
    private final Counter refused;
    private final Counter backpressure;
    private final Counter backpressureClosed;
    private final Counter offlineNotices;
    private final Counter s2cDropped;
    private final Counter kickouts;
    private final Counter idleClosed;
    private final Counter unauthenticatedClosed;
    private final Counter connectionsRefused;
    private final Counter acceptFailures;
    private final Counter ackFlushFailures;
    private final Counter routingFailures;
    private final Counter pullsRewound;
    private final Counter staleRequests;
    private final Timer storeLatency;
    private final Timer routeLatency;
    private final AtomicLong fanoutDepth = new AtomicLong();

    /** Meters tagged with the gate id. */
    public ServerMetrics(String gateId) {
        for (CmdId cmd : CmdId.values()) {
            if (cmd == CmdId.UNRECOGNIZED || cmd == CmdId.CMD_UNSPECIFIED) {
                continue;
            }
            framesIn.put(cmd, Counter.builder("imbench_frames_in").tag("cmd", cmd.name()).register(registry));
            framesOut.put(cmd, Counter.builder("imbench_frames_out").tag("cmd", cmd.name()).register(registry));
        }
        Gauge.builder("imbench_connections", connections, AtomicLong::get).tag("gate", gateId).register(registry);
        Gauge.builder("imbench_fanout_queue_depth", fanoutDepth, AtomicLong::get).register(registry);
        badFrames = Counter.builder("imbench_bad_frames").register(registry);
        refused = Counter.builder("imbench_refused_frames").description("unauthenticated or forged").register(registry);
        backpressure = Counter.builder("imbench_backpressure_events").tag("gate", gateId).register(registry);
        backpressureClosed = Counter.builder("imbench_backpressure_closed").tag("gate", gateId)
                .description("connections closed with more than writeHardLimit bytes queued").register(registry);
        offlineNotices = Counter.builder("imbench_offline_notifications").register(registry);
        s2cDropped = Counter.builder("imbench_s2c_dropped_offline").register(registry);
        kickouts = Counter.builder("imbench_kickouts").register(registry);
        idleClosed = Counter.builder("imbench_idle_closed").tag("gate", gateId).register(registry);
        unauthenticatedClosed = Counter.builder("imbench_unauthenticated_closed").tag("gate", gateId)
                .description("connections closed for staying unauthenticated past authTimeout").register(registry);
        connectionsRefused = Counter.builder("imbench_connections_refused").tag("gate", gateId)
                .description("connections closed at accept: maxConnections or maxConnectionsPerAddress").register(registry);
        acceptFailures = Counter.builder("imbench_accept_failures").tag("gate", gateId)
                .description("connections the process could not accept (e.g. out of file descriptors)").register(registry);
        ackFlushFailures = Counter.builder("imbench_ack_flush_failures")
                .description("periodic delivery-ack flushes the store refused (retried next period)").register(registry);
        routingFailures = Counter.builder("imbench_routing_failures").description("route lookups that failed (routing unreachable)")
                .register(registry);
        staleRequests = Counter.builder("imbench_stale_requests_dropped")
                .description("requests whose connection closed while they waited for the logic (never answered)")
                .register(registry);
        pullsRewound = Counter.builder("imbench_pulls_rewound")
                .description("pulls that started below their offset at a row never delivered (a push that never arrived)")
                .register(registry);
        storeLatency = Timer.builder("imbench_store_latency").publishPercentileHistogram().register(registry);
        routeLatency = Timer.builder("imbench_route_latency").publishPercentileHistogram().register(registry);
    }

    /** Adds a gauge read at scrape time. */
    public void gauge(String name, Supplier<Number> value) {
        Gauge.builder(name, value).register(registry);
    }

    public void frameIn(CmdId cmd) {
        Counter c = framesIn.get(cmd);
        if (c != null) {
            c.increment();
        }
    }

    public void frameOut(CmdId cmd) {
        Counter c = framesOut.get(cmd);
        if (c != null) {
            c.increment();
        }
    }

    public void connectionOpened() { connections.incrementAndGet(); }
    public void connectionClosed() { connections.decrementAndGet(); }
    public long connections() { return connections.get(); }
    public void badFrame() { badFrames.increment(); }
    public void refused() { refused.increment(); }
    public void backpressure() { backpressure.increment(); }
    public double backpressureEvents() { return backpressure.count(); }
    public void backpressureClosed() { backpressureClosed.increment(); }
    public double backpressureClosedCount() { return backpressureClosed.count(); }
    public void offlineNotice() { offlineNotices.increment(); }
    public void s2cDropped() { s2cDropped.increment(); }
    public double s2cDroppedCount() { return s2cDropped.count(); }
    public void kickout() { kickouts.increment(); }
    public void idleClosed() { idleClosed.increment(); }
    public double idleClosedCount() { return idleClosed.count(); }
    public void unauthenticatedClosed() { unauthenticatedClosed.increment(); }
    public double unauthenticatedClosedCount() { return unauthenticatedClosed.count(); }
    public void connectionRefused() { connectionsRefused.increment(); }
    /** A queued connection the listener failed to accept. */
    public void acceptFailed() { acceptFailures.increment(); }
    public long acceptFailures() { return (long) acceptFailures.count(); }
    public double connectionsRefusedCount() { return connectionsRefused.count(); }
    public void ackFlushFailed() { ackFlushFailures.increment(); }
    public void pullRewound() { pullsRewound.increment(); }
    public void staleRequestDropped() { staleRequests.increment(); }
    public double staleRequestsDropped() { return staleRequests.count(); }
    public double pullsRewoundCount() { return pullsRewound.count(); }
    public long ackFlushFailures() { return (long) ackFlushFailures.count(); }
    public void storeNanos(long nanos) { storeLatency.record(nanos, TimeUnit.NANOSECONDS); }
    public void routeNanos(long nanos) { routeLatency.record(nanos, TimeUnit.NANOSECONDS); }

    /** A route lookup failed (routing unreachable). */
    public void routingFailure() { routingFailures.increment(); }

    /** Route lookups that failed so far. */
    public double routingFailureCount() { return routingFailures.count(); }
    public void fanoutQueued(int n) { fanoutDepth.addAndGet(n); }

    /** The registry, for extra meters. */
    public PrometheusMeterRegistry registry() {
        return registry;
    }

    /** All meters in Prometheus text format. */
    public String scrape() {
        return registry.scrape();
    }
}
