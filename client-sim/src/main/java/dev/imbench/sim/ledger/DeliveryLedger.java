package dev.imbench.sim.ledger;

import dev.imbench.sim.load.ShardPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.IntFunction;

/**
 * Every message attempt, ack and arrival of a run, compact: per sender a
 * {@link SenderLog} of primitive arrays, found from the client message id alone
 * ({@link MessageIds}); about 36 bytes per message plus 18 per expected
 * delivery. Thread-safe. The checker reads it after the drain.
 */
public final class DeliveryLedger {

    /** Most examples kept per category. */
    public static final int MAX_EXAMPLES = 10;

    private final int clients;
    private final GroupDirectory groups;
    private final long originNanos;
    private final IntFunction<String> uidOf;
    private final AtomicReferenceArray<SenderLog> senders;
    private final AtomicIntegerArray recvCounter;
    /** Whose deliveries this ledger judges: a shard judges only what its own clients sent to its own clients. */
    private final ShardPlan shard;
    /** Every arrival, for the merge of shards (null when the ledger sees the whole run). */
    private final ArrivalLog arrivals;
    private volatile PlantedLoss planted;
    final LongAdder wireDuplicates = new LongAdder();
    final LongAdder appDuplicates = new LongAdder();
    final LongAdder unexpected = new LongAdder();
    final List<LedgerExample> duplicateExamples = new ArrayList<>();
    final List<LedgerExample> unexpectedExamples = new ArrayList<>();
    /** Each unexpected arrival's nanoTime and recipient (guarded by {@link #unexpectedExamples}). */
    final LongList unexpectedAt = new LongList();
    final LongList unexpectedTo = new LongList();

    /**
     * @param clients     number of client indexes (senders and recipients)
     * @param groups      the simulation's groups
     * @param originNanos the run's start on the {@link System#nanoTime()} clock
     * @param uidOf       the uid of a client index (for examples)
     */
    public DeliveryLedger(int clients, GroupDirectory groups, long originNanos, IntFunction<String> uidOf) {
        this(clients, groups, originNanos, uidOf, ShardPlan.WHOLE);
    }

    /**
     * A ledger of one shard: it records the attempts of the shard's clients and every arrival its clients
     * see; an arrival of a message sent on another shard is {@link Arrival.Kind#FOREIGN} here and judged
     * by the merge ({@link LedgerWriter} writes what the merge needs).
     */
    public DeliveryLedger(int clients, GroupDirectory groups, long originNanos, IntFunction<String> uidOf,
                          ShardPlan shard) {
        this.shard = shard;
        this.arrivals = shard.partial() ? new ArrivalLog() : null;
        this.clients = clients;
        this.groups = groups;
        this.originNanos = originNanos;
        this.uidOf = uidOf;
        this.senders = new AtomicReferenceArray<>(clients);
        this.recvCounter = new AtomicIntegerArray(clients);
    }

    /** Target code of a c2c message to a client. */
    public static int c2c(int recipient) {
        return recipient;
    }

    /** Target code of a message to a group (by group index). */
    public static int c2g(int group) {
        return -group - 1;
    }

    /** Records an attempt and returns its new client message id. Called by the sender only. */
    public long attempt(int sender, int target, long intendedNanos) {
        SenderLog log = senders.get(sender);
        if (log == null) {
            log = new SenderLog();
            if (!senders.compareAndSet(sender, null, log)) {
                log = senders.get(sender);
            }
        }
        int slots = target >= 0 ? 1 : groups.members(-target - 1).length;
        return MessageIds.of(sender, log.append(target, intendedNanos, slots));
    }

    /**
     * Drops the spare capacity of a sender's log, once it records no more attempts: the merge of shards
     * calls it sender by sender, so that the joined ledger holds 36 bytes per message and 18 per expected
     * delivery, not up to twice that.
     */
    public void trim(int sender) {
        SenderLog log = senders.get(sender);
        if (log != null) {
            log.trim();
        }
    }

    /** The recipients a message to {@code target} expects (a group's members but the sender; do not modify). */
    public int[] recipients(int sender, int target) {
        if (target >= 0) {
            return new int[] {target};
        }
        int[] m = groups.members(-target - 1);
        int at = java.util.Arrays.binarySearch(m, sender);
        if (at < 0) {
            return m;
        }
        int[] r = new int[m.length - 1];
        System.arraycopy(m, 0, r, 0, at);
        System.arraycopy(m, at + 1, r, at, m.length - at - 1);
        return r;
    }

    /** Whether message {@code id} has arrived at {@code recipient} (push or pull) at least once. */
    public boolean delivered(long id, int recipient) {
        int sender = MessageIds.sender(id);
        SenderLog log = sender >= 0 && sender < clients ? senders.get(sender) : null;
        int row = MessageIds.counter(id) - 1;
        if (log == null) {
            return false;
        }
        synchronized (log) {
            if (row < 0 || row >= log.count) {
                return false;
            }
            int target = log.target[row];
            int pos = target >= 0 ? (target == recipient ? 0 : -1) : groups.slotOf(-target - 1, recipient);
            return pos >= 0 && log.wire[log.slotBase[row] + pos] > 0;
        }
    }

    /**
     * Plants a hostile recipient, to check a merge of shards: this shard's clients ack the first {@code n}
     * pushes of messages sent on other shards and then forget them (every later arrival of the same message
     * at the same client too), as an app that lost them would. No shard can see such a loss; the merge must.
     */
    public void plantLoss(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("a planted loss counts messages: >= 0, was " + n);
        }
        if (n > 0 && !shard.partial()) {
            throw new IllegalArgumentException("a planted loss drops pushes from other shards: a shard of several only");
        }
        planted = n == 0 ? null : new PlantedLoss(n);
    }

    /** The arrivals the planted hostile recipient dropped so far (recipient, client message id), in order. */
    public List<long[]> plantedDrops() {
        PlantedLoss p = planted;
        return p == null ? List.of() : p.drops();
    }

    /** Records the first actual send of a message (later resends are ignored here). */
    public void sent(long id, long nanos) {
        log(id).markSent(MessageIds.counter(id) - 1, nanos);
    }

    /** Records the server's ack of a message (the first one counts). */
    public void acked(long id, long nanos) {
        log(id).markAcked(MessageIds.counter(id) - 1, nanos);
    }

    private SenderLog log(long id) {
        return senders.get(MessageIds.sender(id));
    }

    /**
     * Records one arrival of a message at a recipient.
     *
     * @param recipient   client index of the receiving device
     * @param id          the sender's client message id carried by the push or pull
     * @param serverMsgid the server's msgid of the recipient's copy (app de-dup key)
     * @param viaPull     whether it came in a pull page rather than a push
     * @param nanos       arrival time
     */
    public Arrival arrived(int recipient, long id, long serverMsgid, boolean viaPull, long nanos) {
        int sender = MessageIds.sender(id);
        int row = MessageIds.counter(id) - 1;
        PlantedLoss p = planted;
        if (p != null && sender >= 0 && sender < clients && !shard.owns(sender)
                && (viaPull ? p.dropped(recipient, id) : p.drops(recipient, id))) {
            return Arrival.DROPPED;
        }
        if (arrivals != null) {
            arrivals.add(recipient, id, serverMsgid, viaPull, nanos);
            if (sender >= 0 && sender < clients && !shard.owns(sender)) {
                return Arrival.FOREIGN_SENDER;
            }
        }
        SenderLog log = sender >= 0 && sender < clients ? senders.get(sender) : null;
        if (log == null || row < 0) {
            return unexpected(recipient, id, "no such attempt", nanos);
        }
        synchronized (log) {
            if (row >= log.count) {
                return unexpected(recipient, id, "no such attempt", nanos);
            }
            int target = log.target[row];
            int pos;
            if (target >= 0) {
                pos = target == recipient ? 0 : -1;
            } else if (recipient == sender) {
                return Arrival.SELF_ECHO;
            } else {
                pos = groups.slotOf(-target - 1, recipient);
            }
            if (pos < 0) {
                return unexpected(recipient, id, "delivered to a client that is not a recipient", nanos);
            }
            int s = log.slotBase[row] + pos;
            if (log.wire[s] == 0) {
                log.wire[s] = 1;
                log.firstMsgid[s] = serverMsgid;
                log.flags[s] = viaPull ? SenderLog.BY_PULL : 0;
                log.recvSeq[s] = recvCounter.incrementAndGet(recipient);
                log.recvMs[s] = (int) ((nanos - originNanos) / 1_000_000);
                return new Arrival(Arrival.Kind.FIRST, log.intended[row], log.sent[row]);
            }
            if (log.wire[s] < Byte.MAX_VALUE) {
                log.wire[s]++;
            }
            wireDuplicates.increment();
            if (log.firstMsgid[s] != serverMsgid) {
                appDuplicates.increment();
                log.countAppDuplicate(s);
                example(duplicateExamples, id, sender, recipient, log, row, s,
                        "shown twice: server msgids " + log.firstMsgid[s] + " and " + serverMsgid);
                return Arrival.APP;
            }
            return Arrival.WIRE;
        }
    }

    private Arrival unexpected(int recipient, long id, String why, long nanos) {
        unexpected.increment();
        synchronized (unexpectedExamples) {
            unexpectedAt.add(nanos);
            unexpectedTo.add(recipient);
            if (unexpectedExamples.size() < MAX_EXAMPLES) {
                unexpectedExamples.add(new LedgerExample(id, uid(MessageIds.sender(id)), uid(recipient), 0,
                        -1, -1, -1, why));
            }
        }
        return Arrival.NOT_EXPECTED;
    }

    void example(List<LedgerExample> into, long id, int sender, int recipient, SenderLog log, int row, int slot,
                 String detail) {
        synchronized (into) {
            if (into.size() < MAX_EXAMPLES) {
                int t = log.target[row];
                into.add(new LedgerExample(id, uid(sender), recipient < 0 ? "" : uid(recipient), t >= 0 ? 0 : groups.serverId(-t - 1),
                        ms(log.sent[row]), ms(log.acked[row]), slot >= 0 && log.wire[slot] > 0 ? log.recvMs[slot] : -1,
                        detail));
            }
        }
    }

    long ms(long nanos) {
        return nanos == 0 ? -1 : (nanos - originNanos) / 1_000_000;
    }

    String uid(int index) {
        return index >= 0 && index < clients ? uidOf.apply(index) : "#" + index;
    }

    int clients() {
        return clients;
    }

    /** Whether the checker judges deliveries to this recipient here (a shard: only to its own clients). */
    boolean judges(int recipient) {
        return shard.owns(recipient);
    }

    ShardPlan shard() {
        return shard;
    }

    ArrivalLog arrivals() {
        return arrivals;
    }

    long originNanos() {
        return originNanos;
    }

    GroupDirectory groups() {
        return groups;
    }

    SenderLog senderLog(int sender) {
        return senders.get(sender);
    }
}
