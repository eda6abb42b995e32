package dev.imbench.bench.backends;

import dev.imbench.server.store.Envelope;
import dev.imbench.server.store.mysql.GroupCommitSettings;
import dev.imbench.server.store.mysql.MysqlMessageStore;
import dev.imbench.server.store.mysql.MysqlShards;
import java.lang.management.ManagementFactory;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * The MySQL store's c2c step ({@code storeC2c}: send row + inbox row committed, then the ack) driven at a
 * fixed rate, open model: call i is intended at {@code start + i / rate} and its latency runs from that
 * intended instant to the receipt, so a store that falls behind shows it in the percentiles instead of
 * slowing the driver down (the JMH {@link C2cStoreBenchmark} measures the closed-model maximum). Each call
 * runs on its own virtual thread; the calls of the warm-up seconds are not recorded. Arguments
 * {@code rate=/s seconds=S warmup=S shards=N}; prints one {@code RATE} line with the achieved rate, the
 * latency percentiles from the intended start, how far behind the issuing thread got, and this JVM's CPU
 * per stored c2c. Schemas {@code imbench_bench_shard_0..n-1} on the local MariaDB, emptied before and after.
 */
public final class C2cStoreAtRate {

    private static final int USERS = 1_000;

    private C2cStoreAtRate() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new HashMap<>();
        for (String arg : args) {
            String[] kv = arg.split("=", 2);
            if (kv.length != 2) {
                throw new IllegalArgumentException("expected key=value, got '" + arg + "' (rate=/s seconds=S warmup=S shards=N)");
            }
            a.put(kv[0], kv[1]);
        }
        double rate = Double.parseDouble(a.getOrDefault("rate", "15000"));
        int seconds = Integer.parseInt(a.getOrDefault("seconds", "20"));
        int warmup = Integer.parseInt(a.getOrDefault("warmup", "5"));
        int shards = Integer.parseInt(a.getOrDefault("shards", "4"));
        MysqlShards open = MysqlShards.open(MysqlShards.urls("jdbc:mysql://127.0.0.1:3306/imbench_bench_shard_", shards),
                "root", "", MysqlShards.DEFAULT_POOL_SIZE);
        open.truncateAll();
        MysqlMessageStore store = new MysqlMessageStore(open, GroupCommitSettings.DEFAULTS);
        Histogram latency = new ConcurrentHistogram(TimeUnit.MINUTES.toMicros(10), 3);
        LongAdder failed = new LongAdder();
        AtomicLong clientMsgIds = new AtomicLong();
        long total = (long) (rate * (warmup + seconds));
        long measuredFrom = (long) (rate * warmup);
        long period = (long) (1e9 / rate);
        long maxIssueLagNanos = 0;
        long cpu0 = 0;
        long start;
        long measuredStart = 0;
        try (ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor()) {
            start = System.nanoTime();
            for (long i = 0; i < total; i++) {
                long intended = start + i * period;
                long now = System.nanoTime();
                if (now < intended) {
                    LockSupport.parkNanos(intended - now);
                } else {
                    maxIssueLagNanos = Math.max(maxIssueLagNanos, now - intended);
                }
                if (i == measuredFrom) {
                    cpu0 = processCpuNanos();
                    measuredStart = intended;
                }
                boolean recorded = i >= measuredFrom;
                long n = i;
                calls.execute(() -> {
                    Envelope e = new Envelope("u" + n % USERS, "u" + (n * 7 + 3) % USERS, 0, 203, 1, "hello",
                            clientMsgIds.incrementAndGet(), System.currentTimeMillis());
                    try {
                        store.storeC2c(e);
                    } catch (RuntimeException ex) {
                        failed.increment();
                        return;
                    }
                    if (recorded) {
                        latency.recordValue(Math.max(0, (System.nanoTime() - intended) / 1_000));
                    }
                });
            }
        }
        double measuredSeconds = (System.nanoTime() - measuredStart) / 1e9;
        long stored = latency.getTotalCount();
        double cpuUs = (processCpuNanos() - cpu0) / 1e3 / Math.max(1, stored);
        System.out.printf(Locale.ROOT, "RATE offered=%.0f achieved=%.0f stored=%d failed=%d p50Ms=%.2f p99Ms=%.2f"
                        + " p999Ms=%.2f maxMs=%.2f issueLagMaxMs=%.2f cpuUsPerC2c=%.1f shards=%d%n", rate,
                stored / measuredSeconds, stored, failed.sum(), ms(latency, 50), ms(latency, 99), ms(latency, 99.9),
                latency.getMaxValue() / 1e3, maxIssueLagNanos / 1e6, cpuUs, shards);
        store.close();
        open.truncateAll();
        open.close();
    }

    private static double ms(Histogram h, double percentile) {
        return h.getValueAtPercentile(percentile) / 1e3;
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }
}
