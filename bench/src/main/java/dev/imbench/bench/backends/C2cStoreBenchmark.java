package dev.imbench.bench.backends;

import dev.imbench.server.store.Envelope;
import dev.imbench.server.store.InMemoryMessageStore;
import dev.imbench.server.store.MessageStore;
import dev.imbench.server.store.SendReceipt;
import dev.imbench.server.store.mysql.GroupCommitSettings;
import dev.imbench.server.store.mysql.MysqlMessageStore;
import dev.imbench.server.store.mysql.MysqlShards;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
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
 * The c2c store step the logic performs before it acks the sender (send row + recipient's inbox row,
 * both committed), on the in-memory store (baseline) and on 4 MySQL shards on the local MariaDB
 * (schemas {@code imbench_bench_shard_0..3}, emptied at setup). 16 threads play the logic's
 * concurrent senders; 1 000 users, pairs drawn from a seeded random per thread.
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

    private MessageStore store;
    private MysqlShards shards;
    private final AtomicLong clientMsgIds = new AtomicLong();
    private final AtomicLong threadSeeds = new AtomicLong(42);

    @Setup(Level.Trial)
    public void open() {
        if (storage.equals("mysql")) {
            shards = MysqlShards.open(MysqlShards.urls("jdbc:mysql://127.0.0.1:3306/imbench_bench_shard_", 4),
                    "root", "", 8);
            shards.truncateAll();
            GroupCommitSettings d = GroupCommitSettings.DEFAULTS;
            store = new MysqlMessageStore(shards,
                    new GroupCommitSettings(d.maxBatchRows(), d.maxWait(), d.queueCapacity(), committers));
        }
    }

    /** The in-memory store starts empty every iteration, so its heap stays bounded. */
    @Setup(Level.Iteration)
    public void freshMemoryStore() {
        if (!storage.equals("mysql")) {
            store = new InMemoryMessageStore();
        }
    }

    @TearDown(Level.Trial)
    public void close() {
        if (store instanceof MysqlMessageStore mysql) {
            System.out.println("group commit: " + mysql.stats());
            mysql.close();
        }
        if (shards != null) {
            shards.truncateAll();
            shards.close();
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
        SendReceipt r = store.recordSend(e);
        long inbox = r.duplicate() ? 0 : store.appendToInboxes(List.of(to), e)[0];
        return r.msgid() + inbox;
    }
}
