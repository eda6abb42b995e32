package dev.imbench.runner;

import dev.imbench.sim.Simulation;
import dev.imbench.sim.measure.Metric;
import dev.imbench.sim.measure.SimCounters;
import dev.imbench.sim.measure.SimCounters.Series;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.function.ToDoubleFunction;

/**
 * The simulator's live view in Prometheus text ({@code imbench run --metrics-port}): its counters, clients
 * online, and each latency metric's measured percentiles so far, read at each scrape from the adders and
 * recorders the clients already write (nothing is added to the hot path). Latency is the corrected kind
 * (from the intended start), over completed seconds, warm-up excluded; a metric appears once something
 * recorded into it. The simulator's JVM (heap, GC, threads, CPU) comes with it.
 */
final class LiveMetrics implements AutoCloseable {

    /** The percentiles of each latency metric, as the {@code percentile} label shows them. */
    static final double[] PERCENTILES = {50, 90, 99, 99.9};

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final Simulation sim;
    private final JvmGcMetrics gc = new JvmGcMetrics();
    /** Each exercised metric's {@code [count, max, percentiles...]} in µs, read once per scrape. */
    private final Map<Metric, long[]> latency = new EnumMap<>(Metric.class);

    LiveMetrics(Simulation sim) {
        this.sim = sim;
        SimCounters c = sim.counters();
        counter("imbench_sim_sent", "messages sent (first sends)", c, x -> x.total(Series.SENT));
        counter("imbench_sim_offered", "send actions intended (the offered load)", c, SimCounters::offeredTotal);
        FunctionCounter.builder("imbench_sim_acked", c, x -> x.total(Series.ACKED_C2C)).tag("kind", "c2c")
                .description("messages the server acked").register(registry);
        FunctionCounter.builder("imbench_sim_acked", c, x -> x.total(Series.ACKED_C2G)).tag("kind", "c2g")
                .description("messages the server acked").register(registry);
        FunctionCounter.builder("imbench_sim_delivered", c, x -> x.total(Series.DELIVERED)).tag("via", "push")
                .description("first arrivals of a message at a recipient").register(registry);
        FunctionCounter.builder("imbench_sim_delivered", c, x -> x.total(Series.PULLED)).tag("via", "pull")
                .description("first arrivals of a message at a recipient").register(registry);
        counter("imbench_sim_errors", "error answers and failed logins", c, x -> x.total(Series.ERRORS));
        FunctionCounter.builder("imbench_sim_disconnects", c, x -> x.total(Series.DISCONNECTS_PLANNED))
                .tag("planned", "true").description("sessions that ended").register(registry);
        FunctionCounter.builder("imbench_sim_disconnects", c, x -> x.total(Series.DISCONNECTS_UNPLANNED))
                .tag("planned", "false").description("sessions that ended").register(registry);
        counter("imbench_sim_resends", "messages resent after an ack timeout", c, SimCounters::resendCount);
        counter("imbench_sim_abandoned", "messages given up after the last ack timeout", c, SimCounters::abandonedCount);
        counter("imbench_sim_kickouts", "kickouts received", c, SimCounters::kickoutCount);
        Gauge.builder("imbench_sim_online", c, SimCounters::online).description("clients logged in now").register(registry);
        new JvmMemoryMetrics().bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        gc.bindTo(registry);
    }

    private void counter(String name, String description, SimCounters c, ToDoubleFunction<SimCounters> f) {
        FunctionCounter.builder(name, c, f).description(description).register(registry);
    }

    /** Every meter in Prometheus text format (version 0.0.4). */
    synchronized String scrape() {
        for (Metric m : Metric.values()) {
            sim.liveLatency(m, PERCENTILES).ifPresent(s -> {
                if (latency.put(m, s) == null) {
                    register(m);
                }
            });
        }
        return registry.scrape();
    }

    private void register(Metric m) {
        String name = m.fileName();
        FunctionCounter.builder("imbench_sim_latency_samples", latency, l -> l.get(m)[0]).tag("metric", name)
                .description("measured samples of the latency metric").register(registry);
        Gauge.builder("imbench_sim_latency_max_seconds", latency, l -> l.get(m)[1] / 1e6).tag("metric", name)
                .description("largest measured latency so far (corrected)").register(registry);
        for (int i = 0; i < PERCENTILES.length; i++) {
            int k = 2 + i;
            Gauge.builder("imbench_sim_latency_seconds", latency, l -> l.get(m)[k] / 1e6).tag("metric", name)
                    .tag("percentile", label(PERCENTILES[i]))
                    .description("measured latency at the percentile so far (corrected, warm-up excluded)")
                    .register(registry);
        }
    }

    /** {@code 99} or {@code 99.9}: the percentile as its label shows it. */
    static String label(double percentile) {
        return percentile == Math.rint(percentile) ? Long.toString((long) percentile)
                : String.format(Locale.ROOT, "%s", percentile);
    }

    @Override
    public void close() {
        gc.close();
        registry.close();
    }
}
