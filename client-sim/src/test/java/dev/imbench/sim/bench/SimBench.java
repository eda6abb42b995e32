package dev.imbench.sim.bench;

import dev.imbench.server.ImServer;
import dev.imbench.server.ServerConfig;
import dev.imbench.sim.LiveStats;
import dev.imbench.sim.Simulation;
import dev.imbench.sim.SimulationConfig;
import dev.imbench.sim.TransportSpec;
import dev.imbench.sim.client.ClientSettings;
import dev.imbench.sim.ledger.DeliveryReport;
import dev.imbench.sim.load.LoadProfile;
import dev.imbench.sim.measure.Metric;
import dev.imbench.sim.transport.PipelineHook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * System benchmark (not a test): the in-process reference server plus the
 * simulator in one JVM. Run by {@code client-sim/scripts/bench.sh}; arguments
 * {@code key=value}: transport=local|tcp clients=N loginRate=/s rate=c2c/s
 * seconds=S heartbeat=s hold=S (stay online before the load) out=DIR.
 */
public final class SimBench {

    private SimBench() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            a.put(kv[0], kv[1]);
        }
        String transport = a.getOrDefault("transport", "local");
        int clients = Integer.parseInt(a.getOrDefault("clients", "1000"));
        double loginRate = Double.parseDouble(a.getOrDefault("loginRate", "20000"));
        double rate = Double.parseDouble(a.getOrDefault("rate", "1000"));
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "10"));
        int heartbeat = Integer.parseInt(a.getOrDefault("heartbeat", "30"));
        int hold = Integer.parseInt(a.getOrDefault("hold", "0"));
        Path out = Path.of(a.getOrDefault("out", "target/bench-run"));

        long heapBefore = usedHeapAfterGc();
        // The server closes a connection silent for its idle timeout: keep it above the heartbeat. Its default cap
        // of connections open at once (200 000) would close every login past it at accept: lift it above the run's.
        ServerConfig serverConfig = ServerConfig.defaults().toBuilder()
                .idleTimeout(Duration.ofSeconds(Math.max(heartbeat * 2L,
                        ServerConfig.DEFAULT_IDLE_TIMEOUT.toSeconds())))
                .maxConnections(Math.max(ServerConfig.DEFAULT_MAX_CONNECTIONS, clients + clients / 10)).build();
        try (ImServer server = ImServer.start(serverConfig)) {
            TransportSpec spec = transport.equals("tcp")
                    ? new TransportSpec.Tcp(server.tcpAddress(), 32)
                    : new TransportSpec.Local(server.localAddress(), 1, PipelineHook.NONE);
            ClientSettings settings = ClientSettings.DEFAULTS.withTimeouts(Duration.ofSeconds(heartbeat),
                    Duration.ofSeconds(10), Duration.ofSeconds(30));
            SimulationConfig config = SimulationConfig.builder().seed(1).clients(clients).transport(spec)
                    .tokens((uid, d) -> server.tokens().issue(uid, d)).client(settings).build();
            try (Simulation sim = Simulation.create(config)) {
                long t0 = System.nanoTime();
                Thread ramp = Thread.ofPlatform().start(() -> {
                    try {
                        sim.ramp(clients, loginRate);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                });
                while (!sim.awaitOnline(clients, Duration.ofSeconds(1))) {
                    System.out.println("ramp: " + sim.stats().line());
                }
                ramp.join();
                double rampSeconds = (System.nanoTime() - t0) / 1e9;
                long heapOnline = usedHeapAfterGc();
                System.out.printf("online: %d clients in %.2f s (%.0f logins/s); heap %d MB → %d MB, %.0f B/client"
                                + " (simulator + server)%n", clients, rampSeconds, clients / rampSeconds,
                        heapBefore >> 20, heapOnline >> 20, (heapOnline - heapBefore) / (double) clients);
                for (int s = 0; s < hold; s++) {
                    Thread.sleep(1000);
                    System.out.println("hold: " + sim.stats().line());
                }
                double sentPerSec = 0;
                // CPU from the load's start to the drain's end, per message acked in that span (all of them).
                CpuSplit split = new CpuSplit();
                if (rate > 0) {
                    sim.load(LoadProfile.constant(rate, 0), Duration.ofSeconds(seconds));
                    long sent0 = sim.stats().sent();
                    long start = System.nanoTime();
                    for (int s = 0; s < seconds; s++) {
                        Thread.sleep(1000);
                        System.out.println("load: " + sim.stats().line());
                    }
                    double elapsed = (System.nanoTime() - start) / 1e9;
                    LiveStats st = sim.stats();
                    sentPerSec = (st.sent() - sent0) / elapsed;
                    System.out.printf("offered %.0f c2c/s; sent %.0f/s%n", rate, sentPerSec);
                }
                boolean drained = sim.drain(Duration.ofSeconds(120));
                long[] cpu = split.millis();
                System.out.printf("CPU ms from the load's start to the drain's end: server %d, simulator %d, other (GC, JIT,"
                        + " main) %d, process %d%n", cpu[0], cpu[1], cpu[2], cpu[3]);
                Files.createDirectories(out);
                DeliveryReport r = sim.writeRunFiles(out);
                System.out.println("drain complete: " + drained + "; delivery: " + r.verdict() + " attempted="
                        + r.attempted() + " acked=" + r.acked() + " delivered=" + r.delivered() + " lost=" + r.lost()
                        + " unexpected=" + r.unexpected() + " dupWire=" + r.duplicatedWire());
                for (Metric m : new Metric[] {Metric.LOGIN, Metric.ACK, Metric.E2E, Metric.LAG}) {
                    Histogram[] h = sim.latency(m);
                    System.out.printf("%-6s corrected %s | raw %s%n", m.fileName(), pct(h[0]), pct(h[1]));
                }
                Histogram e2e = sim.latency(Metric.E2E)[0];
                Histogram lag = sim.latency(Metric.LAG)[0];
                // One machine-readable line for bench/scale.sh and bench/throughput.sh.
                System.out.printf(java.util.Locale.ROOT, "ROW transport=%s clients=%d onlineSeconds=%.2f loginsPerSec=%.0f"
                                + " bytesPerClient=%.0f offered=%.0f sentPerSec=%.0f verdict=%s lost=%d delivered=%d"
                                + " e2eP50Ms=%.2f e2eP99Ms=%.2f lagP99Ms=%.2f serverCpuUsPerMsg=%.1f simCpuUsPerMsg=%.1f"
                                + " otherCpuUsPerMsg=%.1f%n", transport, clients, rampSeconds, clients / rampSeconds,
                        (heapOnline - heapBefore) / (double) clients, rate, sentPerSec, r.verdict(), r.lost(),
                        r.delivered(), e2e.getValueAtPercentile(50) / 1000.0, e2e.getValueAtPercentile(99) / 1000.0,
                        lag.getValueAtPercentile(99) / 1000.0, cpu[0] * 1000.0 / Math.max(1, r.acked()),
                        cpu[1] * 1000.0 / Math.max(1, r.acked()), cpu[2] * 1000.0 / Math.max(1, r.acked()));
            }
        }
    }

    private static String pct(Histogram h) {
        return String.format("n=%d p50=%.2f p99=%.2f p99.9=%.2f max=%.2f ms", h.getTotalCount(),
                h.getValueAtPercentile(50) / 1000.0, h.getValueAtPercentile(99) / 1000.0,
                h.getValueAtPercentile(99.9) / 1000.0, h.getMaxValue() / 1000.0);
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
