package dev.imbench.reports;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imbench.sim.ledger.Arrival;
import dev.imbench.sim.ledger.Breakdown;
import dev.imbench.sim.ledger.DeliveryChecker;
import dev.imbench.sim.ledger.DeliveryLedger;
import dev.imbench.sim.ledger.DeliveryReport;
import dev.imbench.sim.ledger.GroupDirectory;
import dev.imbench.sim.ledger.LedgerReader;
import dev.imbench.sim.ledger.LedgerWriter;
import dev.imbench.sim.ledger.MessageIds;
import dev.imbench.sim.load.ShardPlan;
import java.io.IOException;
import java.nio.file.Files;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * Joins the ledgers of all shards of a run into one {@link DeliveryLedger} on the server's clock and runs
 * the one {@link DeliveryChecker} over it, exactly as for a run in one process: every shard's attempts
 * first, then every shard's arrivals in the order each shard saw them. Deliveries to a client of another
 * shard than the sender's (c2c, or a group member's copy) are counted apart ({@code crossShard}), with
 * their end-to-end latency from the sender's intended send to the recipient's arrival, each shard's times
 * moved by its measured clock offset; the bound of that correction is stated with the figures.
 *
 * <p>Memory: the joined ledger (36 bytes per message and 18 per expected delivery, each sender's arrays
 * trimmed once its attempts are in) and 12 bytes per arrival for the cross-shard latency samples. What
 * crosses shards is judged by reading the files again, not by holding a set of the messages awaited.
 */
public final class LedgerJoin {

    /** The merged clock's origin: 1 s, so that no time maps to 0 (the ledger's "never"). */
    static final long BASE = 1_000_000_000L;
    /** Bytes of one arrival record in a ledger file: a bound on a file's arrivals before it is read. */
    private static final int ARRIVAL_BYTES = 29;

    private final ShardSet set;
    private final long[] shift;
    private final long[] bound;
    private final ShardPlan plan;
    private final DeliveryLedger ledger;
    private final Histogram crossE2e = new Histogram(3_600_000_000L, 3);
    private final Histogram crossE2eRaw = new Histogram(3_600_000_000L, 3);
    private final CrossShardSamples samples;
    private final long originEpochNanos;
    private final int groupCount;
    private long crossAttempted;
    private long crossExpected;
    private long crossDelivered;
    private long crossLost;

    private LedgerJoin(ShardSet set, GroupDirectory groups, int capacity) {
        this.set = set;
        int n = set.count();
        this.plan = new ShardPlan(0, n);
        this.shift = new long[n];
        this.bound = new long[n];
        long origin = Long.MAX_VALUE;
        for (int i = 0; i < n; i++) {
            JsonNode h = set.shards().get(i).header();
            origin = Math.min(origin, h.path("originEpochNanos").asLong() + h.path("clockOffset").path("offsetNanos").asLong());
        }
        for (int i = 0; i < n; i++) {
            JsonNode h = set.shards().get(i).header();
            shift[i] = h.path("originEpochNanos").asLong() + h.path("clockOffset").path("offsetNanos").asLong() - origin + BASE;
            bound[i] = h.path("clockOffset").path("boundNanos").asLong();
        }
        this.originEpochNanos = origin;
        this.samples = new CrossShardSamples(Math.floorDiv(origin, 1_000_000L), capacity);
        String prefix = set.shards().get(0).header().path("uidPrefix").asText("u");
        this.ledger = new DeliveryLedger(set.clients(), groups, BASE, i -> prefix + i);
        this.groupCount = groups.size();
    }

    /**
     * The verdict over all shards.
     *
     * @param drainComplete whether every shard's drain completed
     * @param breakdown     phases etc. on the merged clock (ns since {@link #BASE} is the merged start)
     * @return the checker's report and the cross-shard figures
     * @throws IllegalArgumentException when a ledger contradicts the plan (a client on the wrong shard, a gap
     *                                  in a sender's messages, groups other than the other shards'): the files
     *                                  were not written by these shards
     */
    public static Joined join(ShardSet set, boolean drainComplete, Breakdown breakdown) throws IOException {
        LedgerJoin j = new LedgerJoin(set, groups(set), capacity(set));
        for (int i = 0; i < set.count(); i++) {
            j.attempts(i);
        }
        for (int i = 0; i < set.count(); i++) {
            j.arrivals(i);
        }
        for (int i = 0; i < set.count(); i++) {
            j.crossExpected(i);
        }
        DeliveryReport report = DeliveryChecker.check(j.ledger, drainComplete, breakdown);
        return new Joined(report, j.crossShard(), j.samples);
    }

    /** The run's groups, as every shard wrote them: each group is created once, by one shard, for all. */
    private static GroupDirectory groups(ShardSet set) throws IOException {
        GroupDirectory first = null;
        for (ShardSet.Shard s : set.shards()) {
            try (LedgerReader r = LedgerReader.open(s.ledger())) {
                if (first == null) {
                    first = r.groups();
                    continue;
                }
                int g = first.firstDifference(r.groups());
                if (g >= 0) {
                    throw new IllegalArgumentException(s.ledger() + " has other groups than " + set.shards().get(0).ledger()
                            + " (group " + g + ": members or server id differ): the shards did not run one plan on one"
                            + " server");
                }
            }
        }
        return first;
    }

    /** Room for every arrival of the shards (at most what their files can hold). */
    private static int capacity(ShardSet set) throws IOException {
        long n = 0;
        for (ShardSet.Shard s : set.shards()) {
            n += Math.min(s.header().path("arrivals").asLong(0), Files.size(s.ledger()) / ARRIVAL_BYTES);
        }
        return (int) Math.min(n, Integer.MAX_VALUE - 8);
    }

    private void attempts(int shard) throws IOException {
        ShardSet.Shard s = set.shards().get(shard);
        int[] last = {-1};
        try (LedgerReader r = LedgerReader.open(s.ledger())) {
            r.attempts((sender, counter, target, intended, sent, acked) -> {
                if (sender < 0 || sender >= set.clients() || plan.ownerOf(sender) != shard) {
                    throw new IllegalArgumentException(s.ledger() + " holds a message of client " + sender
                            + ", which is not a client of shard " + shard + " of " + set.count());
                }
                if (target < 0 && -(long) target - 1 >= groupCount) {
                    throw new IllegalArgumentException(s.ledger() + " holds a message of client " + sender + " to group "
                            + (-(long) target - 1) + " of a run with " + groupCount + " groups");
                }
                if (sender != last[0] && last[0] >= 0) {
                    ledger.trim(last[0]);
                }
                last[0] = sender;
                long id = ledger.attempt(sender, target, intended + shift[shard]);
                if (MessageIds.counter(id) != counter) {
                    throw new IllegalArgumentException(s.ledger() + " skips or repeats message " + counter + " of client "
                            + sender + " (expected " + MessageIds.counter(id) + ")");
                }
                if (sent != LedgerWriter.NEVER) {
                    ledger.sent(id, sent + shift[shard]);
                }
                if (acked != LedgerWriter.NEVER) {
                    ledger.acked(id, acked + shift[shard]);
                }
                if (crosses(sender, target, shard)) {
                    crossAttempted++;
                }
            });
        }
        if (last[0] >= 0) {
            ledger.trim(last[0]);
        }
    }

    /** Whether a message of {@code sender} (on {@code shard}) has a recipient on another shard. */
    private boolean crosses(int sender, int target, int shard) {
        for (int recipient : ledger.recipients(sender, target)) {
            if (plan.ownerOf(recipient) != shard) {
                return true;
            }
        }
        return false;
    }

    private void arrivals(int shard) throws IOException {
        ShardSet.Shard s = set.shards().get(shard);
        try (LedgerReader r = LedgerReader.open(s.ledger())) {
            r.attempts((sender, counter, target, intended, sent, acked) -> { });
            r.arrivals((recipient, id, msgid, viaPull, at) -> {
                if (recipient < 0 || recipient >= set.clients() || plan.ownerOf(recipient) != shard) {
                    throw new IllegalArgumentException(s.ledger() + " holds an arrival at client " + recipient
                            + ", which is not a client of shard " + shard + " of " + set.count());
                }
                long t = at + shift[shard];
                Arrival a = ledger.arrived(recipient, id, msgid, viaPull, t);
                int sender = MessageIds.sender(id);
                if (a.kind() == Arrival.Kind.FIRST && sender >= 0 && sender < set.clients() && plan.ownerOf(sender) != shard) {
                    crossDelivered++;
                    long actual = a.sentNanos() == 0 ? a.intendedNanos() : a.sentNanos();
                    long corrected = Math.max(0, (t - Math.min(a.intendedNanos(), actual)) / 1000);
                    long raw = Math.max(0, (t - actual) / 1000);
                    crossE2e.recordValue(Math.min(corrected, crossE2e.getHighestTrackableValue()));
                    crossE2eRaw.recordValue(Math.min(raw, crossE2eRaw.getHighestTrackableValue()));
                    samples.add(epochMs(t), corrected, raw, viaPull);
                }
            });
        }
    }

    /** The acked messages' deliveries to clients of other shards than the sender's: expected, and lost if never seen. */
    private void crossExpected(int shard) throws IOException {
        ShardSet.Shard s = set.shards().get(shard);
        try (LedgerReader r = LedgerReader.open(s.ledger())) {
            r.attempts((sender, counter, target, intended, sent, acked) -> {
                if (acked == LedgerWriter.NEVER) {
                    return;
                }
                long id = MessageIds.of(sender, counter);
                for (int recipient : ledger.recipients(sender, target)) {
                    if (plan.ownerOf(recipient) != shard) {
                        crossExpected++;
                        crossLost += ledger.delivered(id, recipient) ? 0 : 1;
                    }
                }
            });
        }
    }

    private long epochMs(long mergedNanos) {
        return Math.floorDiv(originEpochNanos + mergedNanos - BASE, 1_000_000L);
    }

    private Map<String, Object> crossShard() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attempted", crossAttempted);
        m.put("expected", crossExpected);
        m.put("delivered", crossDelivered);
        m.put("lost", crossLost);
        long worst = 0;
        for (int i = 0; i < bound.length; i++) {
            for (int k = 0; k < bound.length; k++) {
                if (i != k) {
                    worst = Math.max(worst, bound[i] + bound[k]);
                }
            }
        }
        Map<String, Object> e2e = new LinkedHashMap<>();
        e2e.put("count", crossE2e.getTotalCount());
        e2e.put("clockBoundMs", worst / 1e6);
        e2e.put("corrected", percentiles(crossE2e));
        e2e.put("raw", percentiles(crossE2eRaw));
        m.put("e2e", e2e);
        return m;
    }

    private static Map<String, Object> percentiles(Histogram h) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (double p : new double[] {50, 90, 99, 99.9}) {
            m.put("p" + (p == Math.rint(p) ? Integer.toString((int) p) : Double.toString(p)),
                    h.getTotalCount() == 0 ? 0.0 : h.getValueAtPercentile(p) / 1000.0);
        }
        m.put("max", h.getTotalCount() == 0 ? 0.0 : h.getMaxValue() / 1000.0);
        return m;
    }

    /**
     * What the join found.
     *
     * @param report     the checker's verdict over the whole run
     * @param crossShard messages between clients of different shards: attempted, expected, delivered, lost,
     *                   and their e2e latency (ms) with the clock-offset bound
     * @param samples    each cross-shard first arrival's e2e, for the merged latency logs
     */
    public record Joined(DeliveryReport report, Map<String, Object> crossShard, CrossShardSamples samples) {
    }

    /** The shift of each shard's times onto the merged clock (ns), by index (for the phases of the breakdown). */
    static long[] shifts(ShardSet set) {
        return new LedgerJoin(set, GroupDirectory.none(), 0).shift.clone();
    }

    /** The shards' offset bounds, for a report line. */
    static List<Long> bounds(ShardSet set) {
        return set.shards().stream().map(s -> s.header().path("clockOffset").path("boundNanos").asLong()).toList();
    }
}
