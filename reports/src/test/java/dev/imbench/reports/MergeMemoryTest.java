package dev.imbench.reports;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The merge of shards holds what docs/distributed.md says per message: the joined ledger (32 bytes per
 * message, 18 per expected delivery) and 12 bytes per arrival for the cross-shard latency samples, with no
 * set of the messages awaited (a {@code HashSet<Long>} alone costs about 50 bytes more per cross-shard
 * message). Measured on the heap after full collections, with two shards of c2c messages, half of them to
 * the other shard, each delivered once. {@code -Dimbench.mergeMemory.messages=N} measures N messages.
 */
class MergeMemoryTest {

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    @TempDir
    Path dir;

    /** Heap in use once a full collection frees nothing more. */
    private static long settledHeap() {
        long before = Long.MAX_VALUE;
        long now = used();
        for (int i = 0; i < 10 && now < before; i++) {
            before = now;
            System.gc();
            now = used();
        }
        return now;
    }

    private static long used() {
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    @Test
    void shouldHoldAboutSixtyFourBytesPerDeliveredMessage() throws Exception {
        int messages = Integer.getInteger("imbench.mergeMemory.messages", 400_000);
        int clients = 2_000;
        int perSender = messages / clients;
        ShardLedgers[] shards = {new ShardLedgers(0, 2, clients), new ShardLedgers(1, 2, clients)};
        for (int sender = 0; sender < clients; sender++) {
            for (int k = 0; k < perSender; k++) {
                int to = (sender + 1 + k % 2) % clients; // the next client (the other shard) or the one after (this one)
                long id = shards[sender % 2].sendAcked(sender, to, k);
                shards[to % 2].ledger().arrived(to, id, id, false, shards[to % 2].at(k + 5));
            }
        }
        List<Path> dirs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            dirs.add(GoldenRun.copyTo(dir.resolve("shard" + i)));
            shards[i].writeTo(dirs.get(i));
        }
        shards = null;
        ShardSet set = ShardSet.of(dirs);
        long base = settledHeap();
        LedgerJoin held = LedgerJoin.loaded(set);
        long bytes = settledHeap() - base;
        long total = (long) perSender * clients;
        double perMessage = (double) bytes / total;
        System.out.printf("merge memory: %d messages (%d clients, 2 shards, half cross-shard, each delivered once):"
                + " %d bytes retained, %.1f bytes per message%n", total, clients, bytes, perMessage);
        assertEquals(total, held.attemptedAcross() * 2, "half the messages cross shards");
        assertTrue(perMessage > 40, "the ledger itself is counted: " + perMessage);
        assertTrue(perMessage < 90, "32 per message + 18 per delivery + 12 per arrival, and little else: " + perMessage);
    }
}
