package dev.imbench.server.store;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The embedded message store. One lock (the sequencer) covers msgid allocation and the append, so
 * msgids are globally increasing in visibility order: this gives the per-inbox ordering guarantee of
 * {@link MessageStore} trivially, also across group timelines read by several pulls.
 *
 * <p>It is also the {@link GroupTimelineStore} of read diffusion, on the same sequencer, so a pull
 * can merge inbox and timelines under one cursor. Timelines are kept whole.
 *
 * <p>Memory: rows acknowledged by a pull cursor are dropped (their delivered state is implied by the
 * inbox's acknowledged-up-to mark); the send log keeps one small entry per de-duplicable send.
 */
public final class InMemoryMessageStore implements MessageStore, GroupTimelineStore {

    private final Map<SendKey, SendReceipt> sends = new HashMap<>();
    private final Map<String, Inbox> inboxes = new HashMap<>();
    private final Map<Long, Inbox> timelines = new HashMap<>();
    private final Map<Long, Long> timelineGroup = new HashMap<>();
    private final Map<MemberKey, long[]> members = new HashMap<>();
    private long lastId;

    private record SendKey(String from, long clientMsgId) {
    }

    private record MemberKey(String uid, long group) {
    }

    @Override
    public synchronized C2cReceipt storeC2c(Envelope e) {
        SendReceipt send = recordSend(e);
        long inbox = send.duplicate() ? 0 : appendToInboxes(List.of(e.to()), e)[0];
        return new C2cReceipt(send.msgid(), inbox, send.sendTime(), send.duplicate());
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

    @Override
    public synchronized long firstUndelivered(String uid, long upTo) {
        Inbox inbox = inboxes.get(uid);
        return inbox == null ? 0 : inbox.firstUndelivered(upTo);
    }

    @Override
    public synchronized TimelineReceipt post(Envelope e) {
        SendReceipt send = recordSend(e);
        if (send.duplicate()) {
            return new TimelineReceipt(send.msgid(), 0, send.sendTime(), true);
        }
        long id = ++lastId;
        timelines.computeIfAbsent(e.group(), k -> new Inbox()).append(id, e);
        timelineGroup.put(id, e.group());
        return new TimelineReceipt(send.msgid(), id, send.sendTime(), false);
    }

    @Override
    public synchronized List<InboxRow> pageTimeline(long group, long afterMsgid, int limit) {
        Inbox timeline = timelines.get(group);
        return timeline == null ? List.of() : timeline.page(afterMsgid, limit);
    }

    @Override
    public synchronized void join(String uid, long group) {
        // [0] = joined after, [1] = read cursor
        members.put(new MemberKey(uid, group), new long[] {lastId, lastId});
    }

    @Override
    public synchronized long joinedAfter(String uid, long group) {
        long[] m = members.get(new MemberKey(uid, group));
        return m == null ? 0 : m[0];
    }

    @Override
    public synchronized void advanceCursor(String uid, long group, long msgid) {
        long[] m = members.computeIfAbsent(new MemberKey(uid, group), k -> new long[2]);
        m[1] = Math.max(m[1], msgid);
    }

    @Override
    public synchronized long cursor(String uid, long group) {
        long[] m = members.get(new MemberKey(uid, group));
        return m == null ? 0 : m[1];
    }

    @Override
    public synchronized OptionalLong groupOf(long msgid) {
        Long g = timelineGroup.get(msgid);
        return g == null ? OptionalLong.empty() : OptionalLong.of(g);
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

        long firstUndelivered(long upTo) {
            for (Row r : rows) {
                if (r.msgid > upTo) {
                    return 0;
                }
                if (!r.delivered) {
                    return r.msgid;
                }
            }
            return 0;
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
