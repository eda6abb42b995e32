package dev.imbench.reports;

import dev.imbench.sim.ledger.DeliveryLedger;
import dev.imbench.sim.ledger.GroupDirectory;
import dev.imbench.sim.ledger.LedgerWriter;
import dev.imbench.sim.load.ShardPlan;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Ledgers of shards for tests: a real {@link DeliveryLedger} of shard {@code index} of {@code count}, fed
 * by the test, written with the header a shard run writes.
 */
public final class ShardLedgers {

    /** The agreed start the fixtures share unless a test gives another. */
    public static final long START = 1_764_000_000_000L;

    private final ShardPlan plan;
    private final long origin = System.nanoTime();
    private final DeliveryLedger ledger;
    private final Map<String, Object> header = new LinkedHashMap<>();

    /** A shard's ledger of {@code clients} clients, scenario "fixture", seed 1, start {@link #START}. */
    public ShardLedgers(int index, int count, int clients) {
        this(index, count, clients, GroupDirectory.none());
    }

    /** {@link #ShardLedgers(int, int, int)} with groups (bound to their server ids, as every shard has them). */
    public ShardLedgers(int index, int count, int clients, GroupDirectory groups) {
        this.plan = new ShardPlan(index, count);
        this.ledger = new DeliveryLedger(clients, groups, origin, i -> "u" + i, plan);
        header.put("scenario", "fixture");
        header.put("scenarioSha256", "0");
        header.put("seed", 1L);
        header.put("agreedStartEpochMs", START);
        header.put("uidPrefix", "u");
        Map<String, Object> offset = new LinkedHashMap<>();
        offset.put("offsetNanos", 0L);
        offset.put("boundNanos", 100_000L);
        header.put("clockOffset", offset);
    }

    /** Changes a header field (a test of the merge's refusals). */
    public ShardLedgers with(String field, Object value) {
        header.put(field, value);
        return this;
    }

    /** The ledger, to record into. */
    public DeliveryLedger ledger() {
        return ledger;
    }

    /** A time {@code ms} after this shard's start, on its clock. */
    public long at(long ms) {
        return origin + ms * 1_000_000L;
    }

    /** A c2c message sent and acked; returns its client message id. */
    public long sendAcked(int sender, int recipient, long ms) {
        long id = ledger.attempt(sender, DeliveryLedger.c2c(recipient), at(ms));
        ledger.sent(id, at(ms));
        ledger.acked(id, at(ms + 1));
        return id;
    }

    /** A group message sent and acked; returns its client message id. */
    public long sendAckedToGroup(int sender, int group, long ms) {
        long id = ledger.attempt(sender, DeliveryLedger.c2g(group), at(ms));
        ledger.sent(id, at(ms));
        ledger.acked(id, at(ms + 1));
        return id;
    }

    /** Writes {@code dir}/ledger.bin. */
    public Path writeTo(Path dir) throws IOException {
        Path f = dir.resolve(LedgerWriter.FILE);
        LedgerWriter.write(ledger, f, header);
        return f;
    }

    /** Writes an empty ledger of shard {@code index} of {@code count} into a fixture run directory. */
    public static void empty(Path dir, int index, int count) throws IOException {
        new ShardLedgers(index, count, 10).writeTo(dir);
    }
}
