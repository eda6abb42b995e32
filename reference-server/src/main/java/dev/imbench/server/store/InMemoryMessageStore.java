package dev.imbench.server.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The embedded message store. One lock (the sequencer) covers msgid allocation and the append, so
 * msgids are globally increasing in visibility order: this gives the per-inbox ordering guarantee of
 * {@link MessageStore} trivially, also across group timelines read by several pulls.
 *
 * <p>Memory: rows acknowledged by a pull cursor are dropped (their delivered state is implied by the
 * inbox's acknowledged-up-to mark); the send log keeps one small entry per de-duplicable send.
 */
public final class InMemoryMessageStore implements MessageStore {

    private final Map<SendKey, SendReceipt> sends = new HashMap<>();
    private final Map<String, Inbox> inboxes = new HashMap<>();
    private long lastId;

    private record SendKey(String from, long clientMsgId) {
    }

    @Override
    public synchronized SendReceipt recordSend(Envelope e) {
        if (e.clientMsgId() != 0) {
            SendReceipt existing = sends.get(new SendKey(e.from(), e.clientMsgId()));
            if (existing != null) {
                return new SendReceipt(existing.msgid(), existing.sendTime(), true);
            }
        }
        SendReceipt receipt = new SendReceipt(++lastId, e.sendTime(), false);
        if (e.clientMsgId() != 0) {
            sends.put(new SendKey(e.from(), e.clientMsgId()), receipt);
        }
        return receipt;
    }

    @Override
    public synchronized long[] appendToInboxes(List<String> recipients, Envelope e) {
        long[] ids = new long[recipients.size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = ++lastId;
            inboxes.computeIfAbsent(recipients.get(i), k -> new Inbox()).append(ids[i], e);
        }
        return ids;
    }

    @Override
    public synchronized List<InboxRow> page(String uid, long afterMsgid, int limit) {
        Inbox inbox = inboxes.get(uid);
        return inbox == null ? List.of() : inbox.page(afterMsgid, limit);
    }

    @Override
    public synchronized int ackUpTo(String uid, long cursor) {
        Inbox inbox = inboxes.get(uid);
        return inbox == null ? 0 : inbox.ackUpTo(cursor);
    }

    @Override
    public synchronized boolean markDelivered(String uid, long msgid) {
        Inbox inbox = inboxes.get(uid);
        return inbox != null && inbox.markDelivered(msgid);
    }

    @Override
    public synchronized boolean isDelivered(String uid, long msgid) {
        Inbox inbox = inboxes.get(uid);
        return inbox != null && inbox.isDelivered(msgid);
    }

    /** One user's rows, ascending by msgid; rows ≤ {@code ackedUpTo} are dropped. */
    private static final class Inbox {
        private final ArrayList<Row> rows = new ArrayList<>(4);
        private long ackedUpTo;

        void append(long msgid, Envelope e) {
            rows.add(new Row(msgid, e));
        }

        List<InboxRow> page(long after, int limit) {
            List<InboxRow> out = new ArrayList<>(Math.min(limit, rows.size()));
            for (int i = firstAbove(after); i < rows.size() && out.size() < limit; i++) {
                Row r = rows.get(i);
                out.add(new InboxRow(r.msgid, r.envelope, r.delivered));
            }
            return out;
        }

        int ackUpTo(long cursor) {
            int end = firstAbove(cursor);
            int changed = 0;
            for (int i = 0; i < end; i++) {
                if (!rows.get(i).delivered) {
                    changed++;
                }
            }
            rows.subList(0, end).clear();
            ackedUpTo = Math.max(ackedUpTo, cursor);
            return changed;
        }

        boolean markDelivered(long msgid) {
            Row r = find(msgid);
            if (r == null || r.delivered) {
                return false;
            }
            r.delivered = true;
            return true;
        }

        boolean isDelivered(long msgid) {
            if (msgid <= ackedUpTo) {
                return true;
            }
            Row r = find(msgid);
            return r != null && r.delivered;
        }

        private Row find(long msgid) {
            int i = firstAbove(msgid - 1);
            return i < rows.size() && rows.get(i).msgid == msgid ? rows.get(i) : null;
        }

        /** Index of the first row with msgid > after (binary search). */
        private int firstAbove(long after) {
            int lo = 0;
            int hi = rows.size();
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (rows.get(mid).msgid <= after) {
                    lo = mid + 1;
                } else {
                    hi = mid;
                }
            }
            return lo;
        }
    }

    private static final class Row {
        final long msgid;
        final Envelope envelope;
        boolean delivered;

        Row(long msgid, Envelope envelope) {
            this.msgid = msgid;
            this.envelope = envelope;
        }
    }
}
