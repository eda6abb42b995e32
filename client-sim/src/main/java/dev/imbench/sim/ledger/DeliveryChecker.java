package dev.imbench.sim.ledger;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a {@link DeliveryLedger} into a {@link DeliveryReport} after the drain:
 * Jepsen's queue-checker categories applied to chat (definitions in
 * docs/run-directory.md, {@code delivery.json}). Runs in time linear in the
 * deliveries plus a sort per conversation.
 */
public final class DeliveryChecker {

    private final DeliveryLedger ledger;
    private final Breakdown.Tally tally;
    private final List<LedgerExample> lostEx = new ArrayList<>();
    private final List<LedgerExample> reorderedEx = new ArrayList<>();
    private final List<LedgerExample> recoveredEx = new ArrayList<>();
    private long attempted;
    private long acked;
    private long ackedC2g;
    private long expected;
    private long delivered;
    private long byPull;
    private long lost;
    private long recovered;
    private long reordered;
    private long reorderedArrival;

    private DeliveryChecker(DeliveryLedger ledger, Breakdown breakdown) {
        this.ledger = ledger;
        this.tally = breakdown.new Tally();
    }

    /** Checks the ledger; call when no client is recording any more. */
    public static DeliveryReport check(DeliveryLedger ledger, boolean drainComplete) {
        return check(ledger, drainComplete, Breakdown.NONE);
    }

    /** Checks the ledger and splits the counts by phase, network slice and fault window. */
    public static DeliveryReport check(DeliveryLedger ledger, boolean drainComplete, Breakdown breakdown) {
        return new DeliveryChecker(ledger, breakdown).run(drainComplete);
    }

    private DeliveryReport run(boolean drainComplete) {
        int clients = ledger.clients();
        int groups = ledger.groups().size();
        LongList[] groupMessages = new LongList[groups];
        for (int g = 0; g < groups; g++) {
            groupMessages[g] = new LongList();
        }
        for (int sender = 0; sender < clients; sender++) {
            SenderLog log = ledger.senderLog(sender);
            if (log == null) {
                continue;
            }
            synchronized (log) {
                countMessages(sender, log);
                LongList c2c = new LongList();
                for (int row = 0; row < log.count; row++) {
                    int t = log.target[row];
                    if (t >= 0) {
                        c2c.add(((long) t << 32) | row);
                    } else {
                        groupMessages[-t - 1].add(MessageIds.of(sender, row));
                    }
                }
                checkC2cOrder(sender, log, c2c);
            }
        }
        for (int g = 0; g < groups; g++) {
            checkGroupOrder(g, groupMessages[g]);
        }
        synchronized (ledger.unexpectedExamples) {
            for (int i = 0; i < ledger.unexpectedAt.size(); i++) {
                for (DeliveryCounts c : tally.at(ledger.unexpectedAt.get(i), (int) ledger.unexpectedTo.get(i))) {
                    c.unexpected++;
                }
            }
        }
        Map<String, List<LedgerExample>> examples = new LinkedHashMap<>();
        examples.put("lost", lostEx);
        synchronized (ledger.duplicateExamples) {
            examples.put("duplicated", List.copyOf(ledger.duplicateExamples));
        }
        examples.put("reordered", reorderedEx);
        synchronized (ledger.unexpectedExamples) {
            examples.put("unexpected", List.copyOf(ledger.unexpectedExamples));
        }
        examples.put("recovered", recoveredEx);
        return new DeliveryReport(attempted, acked, ackedC2g, expected, delivered, delivered - byPull, byPull, lost,
                ledger.wireDuplicates.sum(), ledger.appDuplicates.sum(), reordered, reorderedArrival, ledger.unexpected.sum(),
                recovered, drainComplete, examples, tally.toJson());
    }

    private void countMessages(int sender, SenderLog log) {
        for (int row = 0; row < log.count; row++) {
            attempted++;
            boolean isAcked = log.acked[row] != 0;
            boolean group = log.target[row] < 0;
            if (isAcked) {
                acked++;
                ackedC2g += group ? 1 : 0;
                tally.acked(sender, log.acked[row]);
            }
            long intended = log.intended[row];
            List<DeliveryCounts> byMessage = List.copyOf(tally.at(intended, sender));
            for (DeliveryCounts c : byMessage) {
                c.attempted++;
                c.acked += isAcked ? 1 : 0;
                c.ackedC2c += isAcked && !group ? 1 : 0;
                c.ackedC2g += isAcked && group ? 1 : 0;
            }
            int base = log.slotBase[row];
            int n = log.slotCount(row);
            int t = log.target[row];
            int[] members = t >= 0 ? null : ledger.groups().members(-t - 1);
            boolean any = false;
            for (int i = 0; i < n; i++) {
                int recipient = members == null ? t : members[i];
                if (recipient == sender && members != null || !ledger.judges(recipient)) {
                    continue;
                }
                int s = base + i;
                boolean got = log.wire[s] > 0;
                boolean pulled = got && (log.flags[s] & SenderLog.BY_PULL) != 0;
                if (got) {
                    any = true;
                    delivered++;
                    tally.arrived(intended, sender, recipient, log.recvMs[s]);
                    if (pulled) {
                        byPull++;
                    }
                }
                for (DeliveryCounts c : tally.at(intended, recipient)) {
                    c.delivered += got ? 1 : 0;
                    c.deliveredByPull += pulled ? 1 : 0;
                    c.deliveredOnline += got && !pulled ? 1 : 0;
                    c.duplicatedWire += Math.max(0, log.wire[s] - 1);
                    c.duplicated += log.appDuplicates(s);
                    c.expected += isAcked ? 1 : 0;
                    c.lost += isAcked && !got ? 1 : 0;
                }
                if (isAcked) {
                    expected++;
                    if (!got) {
                        lost++;
                        ledger.example(lostEx, MessageIds.of(sender, row + 1), sender, recipient, log, row, s,
                                "acked but never delivered");
                    }
                }
            }
            if (!isAcked && any) {
                recovered++;
                for (DeliveryCounts c : byMessage) {
                    c.recovered++;
                }
                ledger.example(recoveredEx, MessageIds.of(sender, row + 1), sender,
                        members == null ? t : -1, log, row, members == null ? base : -1,
                        "delivered although the sender never saw the ack");
            }
        }
    }

    /** c2c: conversations are (sender, recipient); keys are recipient << 32 | row, rows in send order. */
    private void checkC2cOrder(int sender, SenderLog log, LongList keys) {
        long[] k = keys.sorted();
        int i = 0;
        while (i < k.length) {
            int recipient = (int) (k[i] >>> 32);
            int j = i;
            while (j < k.length && (int) (k[j] >>> 32) == recipient) {
                j++;
            }
            int[] rows = new int[j - i];
            for (int x = i; x < j; x++) {
                rows[x - i] = (int) k[x];
            }
            long[] msgs = new long[rows.length];
            for (int x = 0; x < rows.length; x++) {
                msgs[x] = MessageIds.of(sender, rows[x]);
            }
            checkConversation(msgs, recipient, -1);
            i = j;
        }
    }

    private void checkGroupOrder(int group, LongList messages) {
        long[] msgs = messages.sorted();
        for (int member : ledger.groups().members(group)) {
            checkConversation(msgs, member, group);
        }
    }

    /**
     * One conversation seen by one recipient, judged twice with the same rule: message B is out of order if
     * some A of the conversation was acked before B was first sent and yet ranks after B.
     * <ul>
     * <li><b>reordered</b> (judged: order as shown): ranked by the server msgid of the recipient's copy, the
     * order an app shows the conversation in, whatever path (push, pull) brought each copy and when.</li>
     * <li><b>reorderedArrival</b> (informational): ranked by first arrival at the device. A reconnecting
     * client pulls its backlog while newer rows are pushed, so arrival order can differ from the order
     * shown without any defect.</li>
     * </ul>
     * msgs hold (sender, row) ids (row from 0).
     */
    private void checkConversation(long[] msgs, int recipient, int group) {
        int n = msgs.length;
        long[] sentAt = new long[n];
        long[] ackAt = new long[n];
        long[] shownAt = new long[n];
        long[] arrivedAt = new long[n];
        for (int i = 0; i < n; i++) {
            SenderLog log = ledger.senderLog(MessageIds.sender(msgs[i]));
            int row = MessageIds.counter(msgs[i]);
            synchronized (log) {
                sentAt[i] = log.sent[row];
                ackAt[i] = log.acked[row];
                int pos = group < 0 ? 0 : ledger.groups().slotOf(group, recipient);
                int s = log.slotBase[row] + pos;
                boolean seen = !(MessageIds.sender(msgs[i]) == recipient && group >= 0) && log.wire[s] > 0;
                shownAt[i] = seen ? log.firstMsgid[s] : 0;
                arrivedAt[i] = seen ? log.recvSeq[s] : 0;
            }
        }
        Integer[] bySent = order(sentAt, n);
        Integer[] byAck = acked(ackAt, n);
        for (int bi : outOfOrder(bySent, byAck, sentAt, ackAt, arrivedAt)) {
            reorderedArrival++;
            SenderLog log = ledger.senderLog(MessageIds.sender(msgs[bi]));
            synchronized (log) {
                for (DeliveryCounts c : tally.at(log.intended[MessageIds.counter(msgs[bi])], recipient)) {
                    c.reorderedArrival++;
                }
            }
        }
        int[] culprit = new int[n];
        for (int bi : outOfOrder(bySent, byAck, sentAt, ackAt, shownAt, culprit)) {
            reordered++;
            int sender = MessageIds.sender(msgs[bi]);
            int row = MessageIds.counter(msgs[bi]);
            SenderLog log = ledger.senderLog(sender);
            long a = msgs[culprit[bi]];
            synchronized (log) {
                for (DeliveryCounts c : tally.at(log.intended[row], recipient)) {
                    c.reordered++;
                }
                int pos = group < 0 ? 0 : ledger.groups().slotOf(group, recipient);
                int s = log.slotBase[row] + pos;
                ledger.example(reorderedEx, MessageIds.of(sender, row + 1), sender, recipient, log, row, s,
                        "shown before " + MessageIds.of(MessageIds.sender(a), MessageIds.counter(a) + 1)
                                + " (server msgid " + log.firstMsgid[s] + " < " + shownAt[culprit[bi]]
                                + "), which was acked before it was sent");
            }
        }
    }

    private static List<Integer> outOfOrder(Integer[] bySent, Integer[] byAck, long[] sentAt, long[] ackAt, long[] rank) {
        return outOfOrder(bySent, byAck, sentAt, ackAt, rank, new int[rank.length]);
    }

    /**
     * The messages B (indexes) with rank[B] below the largest rank of the messages acked before B was first
     * sent; {@code culprit[B]} gets the index of that largest. A rank of 0 means "not seen" and is skipped.
     */
    private static List<Integer> outOfOrder(Integer[] bySent, Integer[] byAck, long[] sentAt, long[] ackAt, long[] rank,
                                            int[] culprit) {
        List<Integer> out = new ArrayList<>();
        int p = 0;
        long max = 0;
        int maxIdx = -1;
        for (int bi : bySent) {
            if (sentAt[bi] == 0) {
                continue;
            }
            while (p < byAck.length && ackAt[byAck[p]] < sentAt[bi]) {
                int a = byAck[p++];
                if (rank[a] > max) {
                    max = rank[a];
                    maxIdx = a;
                }
            }
            if (rank[bi] > 0 && max > rank[bi]) {
                culprit[bi] = maxIdx;
                out.add(bi);
            }
        }
        return out;
    }

    /** Indexes of the acked messages, by ack time. */
    private static Integer[] acked(long[] ackAt, int n) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            if (ackAt[i] != 0) {
                idx.add(i);
            }
        }
        idx.sort((a, b) -> Long.compare(ackAt[a], ackAt[b]));
        return idx.toArray(Integer[]::new);
    }

    private static Integer[] order(long[] keys, int n) {
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) {
            idx[i] = i;
        }
        Arrays.sort(idx, (a, b) -> Long.compare(keys[a], keys[b]));
        return idx;
    }
}
