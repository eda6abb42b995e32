package dev.imbench.bench.backends;

import dev.imbench.server.store.C2cReceipt;
import dev.imbench.server.store.Envelope;
import dev.imbench.server.store.InMemoryMessageStore;
import dev.imbench.server.store.MessageStore;
import dev.imbench.server.store.mysql.GroupCommitSettings;
import dev.imbench.server.store.mysql.MysqlMessageStore;
import dev.imbench.server.store.mysql.MysqlShards;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

/**
 * The c2c store step the logic performs before it acks the sender ({@code storeC2c}: send row + recipient's inbox
 * row, both committed), on the in-memory store (baseline) and on MySQL shards on the local MariaDB
 * (schemas {@code imbench_bench_shard_0..n-1}, 4 by default, emptied at setup). 16 threads (or {@code -t}) play the
 * logic's concurrent senders; 1 000 users, pairs drawn from a seeded random per thread. With
 * {@code markDelivered=true} each op also marks the recipient's row delivered, as its push ack does.
 * Each iteration prints this JVM's CPU per stored c2c and, on MySQL, MariaDB's CPU and status counters per c2c and
 * per batch ({@link MariadbCounters}).
 */
@State(Scope.Benchmark)
@BenchmarkMode({Mode.Throughput, Mode.SampleTime})
@OutputTimeUnit(TimeUnit.SECONDS)
@Threads(16)
public class C2cStoreBenchmark {

    private static final int USERS = 1_000;

    @Param({"memory", "mysql"})
    public String storage;

    /** Group-commit transactions in flight per shard ({@code mysqlCommitters}). */
    @Param({"1"})
    public int committers;

    /**
     * Connector/J settings added to every shard URL, e.g. {@code cachePrepStmts=true&useServerPrepStmts=true};
     * {@code none} (or empty) for the product's own.
     */
    @Param({"none"})
    public String jdbcParams;

    /** Connections per shard ({@code mysqlPoolSize}). */
    @Param({"8"})
    public int poolSize;

    /** MySQL shards ({@code shards}). */
    @Param({"4"})
    public int shards;

    /** Rows per shard transaction at most ({@code mysqlBatchMaxRows}). */
    @Param({"1000"})
    public int batchRows;

    /** How long a committer waits for more calls after a batch's first, in µs ({@code mysqlBatchMaxWait}). */
    @Param({"0"})
    public long maxWaitMicros;

    /** Whether each op also marks the recipient's row delivered (one more queued call, as a push ack). */
    @Param({"false"})
    public boolean markDelivered;

    private final LongAdder ops = new LongAdder();
    private long cpuAtStart;
    private long opsAtStart;

    private MessageStore store;
    private MysqlShards open;
    private MariadbCounters mariadb;
    private MariadbCounters.Snapshot mariadbAtStart;
    private long batchesAtStart;
    private final AtomicLong clientMsgIds = new AtomicLong();
    private final AtomicLong threadSeeds = new AtomicLong(42);

    @Setup(Level.Trial)
    public void open() {
        if (storage.equals("mysql")) {
            boolean productParams = jdbcParams.isEmpty() || jdbcParams.equals("none");
            List<String> urls = MysqlShards.urls("jdbc:mysql://127.0.0.1:3306/imbench_bench_shard_", shards).stream()
                    .map(u -> productParams ? u : u + "?" + jdbcParams).toList();
            open = MysqlShards.open(urls, "root", "", poolSize);
            open.truncateAll();
            store = new MysqlMessageStore(open, new GroupCommitSettings(batchRows, Duration.ofNanos(maxWaitMicros * 1_000),
                    GroupCommitSettings.DEFAULTS.queueCapacity(), committers));
            mariadb = new MariadbCounters(open.shard(0));
        }
    }

    /** The in-memory store starts empty every iteration, so its heap stays bounded. */
    @Setup(Level.Iteration)
    public void freshMemoryStore() {
        if (!storage.equals("mysql")) {
            store = new InMemoryMessageStore();
        }
        cpuAtStart = processCpuNanos();
        opsAtStart = ops.sum();
        if (store instanceof MysqlMessageStore m) {
            batchesAtStart = m.stats().batches();
            mariadbAtStart = mariadb.snapshot();
        }
    }

    /**
     * Prints this JVM's CPU time per stored c2c over the iteration (process CPU time, every thread: senders,
     * committers, JIT, GC) / messages stored; the number the goal of 50 µs is about.
     */
    @TearDown(Level.Iteration)
    public void cpuPerMessage() {
        long n = ops.sum() - opsAtStart;
        double us = n == 0 ? 0 : (processCpuNanos() - cpuAtStart) / 1e3 / n;
        System.out.printf(java.util.Locale.ROOT, "%n[cpu] %s: %.1f us of this JVM's CPU per stored c2c (%d stored)%s%n",
                storage, us, n, store instanceof MysqlMessageStore m ? ", group commit " + m.stats() : "");
        if (store instanceof MysqlMessageStore m) {
            System.out.println("[mariadb] " + mariadb.since(mariadbAtStart, n, m.stats().batches() - batchesAtStart));
        }
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    @TearDown(Level.Trial)
    public void close() {
        if (store instanceof MysqlMessageStore mysql) {
            System.out.println("group commit: " + mysql.stats());
            mysql.close();
        }
        if (open != null) {
            open.truncateAll();
            open.close();
        }
    }

    /** One sender thread's seeded random. */
    @State(Scope.Thread)
    public static class Sender {
        SplittableRandom random;

        @Setup(Level.Trial)
        public void seed(C2cStoreBenchmark b) {
            random = new SplittableRandom(b.threadSeeds.getAndIncrement());
        }
    }

    @Benchmark
    public long storedThenAcked(Sender s) {
        String from = "u" + s.random.nextInt(USERS);
        String to = "u" + s.random.nextInt(USERS);
        Envelope e = new Envelope(from, to, 0, 203, 1, "hello 😀", clientMsgIds.incrementAndGet(),
                System.currentTimeMillis());
        C2cReceipt r = store.storeC2c(e);
        if (markDelivered) {
            store.markDelivered(to, r.inboxMsgid());
        }
        ops.increment();
        return r.msgid() + r.inboxMsgid();
    }
}
