package dev.imbench.sim.business;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Every c2s report and s2c push of a run, checked like chat messages: a report the gate acked (queued)
 * must reach the business consumer, a push the server accepted for an online device must reach a
 * client, each once. Thread-safe; compact (five longs a report, five a push). The check reads it after
 * the drain.
 *
 * <p>Report ids are {@link #REPORT_IDS}{@code | row} (a range no chat or ctrl id reaches); push ids are
 * the row, carried in the push payload as {@code s<id>}.
 */
public final class BusinessLedger {

    /** Client message ids of c2s reports: bit 61 set (chat ids stay below it, ctrl ids use bit 62). */
    public static final long REPORT_IDS = 1L << 61;
    /** The prefix of an s2c push payload before the push id. */
    public static final String PUSH_PREFIX = "s";
    /** Examples kept per category. */
    public static final int MAX_EXAMPLES = 10;

    private static final int R_INTENDED = 0, R_SENT = 1, R_ACKED = 2, R_CONSUMED = 3, R_META = 4;
    private static final int P_INTENDED = 0, P_CALLED = 1, P_RECEIVED = 2, P_ANSWER = 3, P_META = 4;

    /** The API's answer to a push: in flight, accepted (pushed to a device), dropped (offline), failed. */
    static final long IN_FLIGHT = 0, ACCEPTED = 1, OFFLINE = 2, FAILED = 3;

    private final long originNanos;
    /** Each client's last disconnect (nanoTime, 0: none): a push written to a closing session is dropped, not lost. */
    private final AtomicLongArray lastDisconnect;
    private final FlowRows reports = new FlowRows("c2s reports", 5);
    private final FlowRows pushes = new FlowRows("s2c pushes", 5);
    private final LongAdder reportsUnexpected = new LongAdder();
    private final LongAdder pushesUnexpected = new LongAdder();
    private final LongAdder pullRounds = new LongAdder();
    private final LongAdder pullPages = new LongAdder();
    private final LongAdder pullRows = new LongAdder();
    private final List<String> unexpectedExamples = new ArrayList<>();

    /** A ledger for {@code clients} client indexes whose example times count from {@code originNanos} (the run's start). */
    public BusinessLedger(long originNanos, int clients) {
        this.originNanos = originNanos;
        this.lastDisconnect = new AtomicLongArray(clients);
    }

    /** A client's connection ended at {@code nanos} (any cause). */
    public void disconnected(int client, long nanos) {
        lastDisconnect.set(client, nanos);
    }

    // ---- c2s ----

    /** Whether a client message id is a report's. */
    public static boolean isReport(long clientMsgId) {
        return (clientMsgId & REPORT_IDS) != 0 && (clientMsgId & (1L << 62)) == 0 && clientMsgId > 0;
    }

    /** Records a report a client means to send and returns its client message id. */
    public long report(int sender, long intendedNanos) {
        long row = reports.append();
        reports.set(row, R_INTENDED, intendedNanos);
        reports.set(row, R_META, (long) sender << 8);
        return REPORT_IDS | row;
    }

    /** The report was first sent at {@code nanos} (resends do not count). */
    public void reportSent(long id, long nanos) {
        reports.setIfZero(row(id), R_SENT, nanos);
    }

    /** The gate acked the report (it is queued); the first ack counts. */
    public void reportAcked(long id, long nanos) {
        reports.setIfZero(row(id), R_ACKED, nanos);
    }

    /**
     * The business consumer read a report from the queue at {@code nanos}. Returns the report's intended
     * send time on its first read, -1 on a repeated read (a duplicate), -2 when no client sent it.
     */
    public long consumed(String from, long clientMsgId, long nanos) {
        long row = clientMsgId & ~REPORT_IDS;
        if (!isReport(clientMsgId) || !reports.has(row)) {
            reportsUnexpected.increment();
            unexpected("c2s report " + clientMsgId + " from " + from + " was read but never sent");
            return -2;
        }
        return firstArrival(reports, row, R_CONSUMED, R_INTENDED, R_META, nanos);
    }

    /** Reports acked by the gate and not yet read by the consumer. */
    public long reportsAwaitingConsumer() {
        long n = 0;
        for (long r = 0; r < reports.size(); r++) {
            if (reports.get(r, R_ACKED) != 0 && reports.get(r, R_CONSUMED) == 0) {
                n++;
            }
        }
        return n;
    }

    private static long row(long id) {
        return id & ~REPORT_IDS;
    }

    // ---- s2c ----

    /** Records a push the business server means to send to {@code target} and returns its id. */
    public long push(int target, long intendedNanos) {
        long row = pushes.append();
        pushes.set(row, P_INTENDED, intendedNanos);
        pushes.set(row, P_META, (long) target << 8);
        return row;
    }

    /** The payload that carries a push id. */
    public static String payloadOf(long pushId) {
        return PUSH_PREFIX + pushId;
    }

    /** The API call of a push started at {@code nanos}. */
    public void pushCalled(long id, long nanos) {
        pushes.set(id, P_CALLED, nanos);
    }

    /** The API's answer: {@code pushed} devices (0: the user was offline, the push dropped by design); -1 failed. */
    public void pushAnswered(long id, int pushed) {
        pushes.set(id, P_ANSWER, pushed > 0 ? ACCEPTED : pushed == 0 ? OFFLINE : FAILED);
    }

    /** The intended time of a push (for its latency). */
    public long pushIntended(long id) {
        return pushes.get(id, P_INTENDED);
    }

    /**
     * A client received a push payload at {@code nanos}. Returns the push's intended time on its first
     * receipt by its target, -1 on a repeated one (a duplicate), -2 when no such push went to this client.
     */
    public long pushArrived(int recipient, String payload, long nanos) {
        long id = -1;
        if (payload.startsWith(PUSH_PREFIX) && payload.length() > 1 && payload.length() < 20) {
            try {
                id = Long.parseLong(payload.substring(1));
                id = payload.equals(payloadOf(id)) ? id : -1; // only the form the driver writes
            } catch (NumberFormatException e) {
                id = -1;
            }
        }
        if (!pushes.has(id) || (pushes.get(id, P_META) >> 8) != recipient) {
            pushesUnexpected.increment();
            unexpected("s2c push '" + (payload.length() > 40 ? payload.substring(0, 40) + "…" : payload)
                    + "' reached client #" + recipient + " but was never sent to it");
            return -2;
        }
        return firstArrival(pushes, id, P_RECEIVED, P_INTENDED, P_META, nanos);
    }

    /**
     * Counts one arrival in the low byte of the meta column (saturating at 254); on the first, stamps
     * {@code at} and returns the intended time, else -1.
     */
    private static long firstArrival(FlowRows rows, long row, int at, int intended, int meta, long nanos) {
        long n = rows.add(row, meta, 1) & 0xff;
        if (n == 1) {
            rows.set(row, at, nanos);
            return rows.get(row, intended);
        }
        if (n == 0xff) {
            rows.add(row, meta, -1);
        }
        return -1;
    }

    /** Pushes whose API call has not answered yet. */
    public long pushesInFlight() {
        long n = 0;
        for (long r = 0; r < pushes.size(); r++) {
            n += pushes.get(r, P_ANSWER) == IN_FLIGHT ? 1 : 0;
        }
        return n;
    }

    // ---- periodic pulls ----

    /** A periodic pull round took {@code pages} pages (the last one empty) and brought {@code rows} rows. */
    public void pullRound(int pages, int rows) {
        pullRounds.increment();
        pullPages.add(pages);
        pullRows.add(rows);
    }

    private void unexpected(String text) {
        synchronized (unexpectedExamples) {
            if (unexpectedExamples.size() < MAX_EXAMPLES) {
                unexpectedExamples.add(text);
            }
        }
    }

    // ---- the check ----

    /** The verdict on every report and push so far. */
    public BusinessReport check() {
        long attempted = reports.size(), sent = 0, acked = 0, consumed = 0, duplicated = 0, lost = 0, recovered = 0;
        List<String> examples = new ArrayList<>();
        for (long r = 0; r < attempted; r++) {
            boolean a = reports.get(r, R_ACKED) != 0;
            long reads = reports.get(r, R_META) & 0xff;
            sent += reports.get(r, R_SENT) != 0 ? 1 : 0;
            acked += a ? 1 : 0;
            consumed += reads > 0 ? 1 : 0;
            duplicated += Math.max(0, reads - 1);
            if (a && reads == 0) {
                lost++;
                example(examples, "c2s report " + (REPORT_IDS | r) + " of client #" + (reports.get(r, R_META) >> 8)
                        + " acked at " + ms(reports.get(r, R_ACKED)) + " ms, never read by the consumer");
            }
            recovered += !a && reads > 0 ? 1 : 0;
        }
        BusinessReport.C2s c2s = new BusinessReport.C2s(attempted, sent, acked, consumed, lost, duplicated,
                reportsUnexpected.sum(), recovered);
        long pAttempted = pushes.size(), accepted = 0, offline = 0, failed = 0, inFlight = 0, delivered = 0,
                pLost = 0, pDup = 0, unanswered = 0, dropped = 0;
        for (long r = 0; r < pAttempted; r++) {
            long answer = pushes.get(r, P_ANSWER);
            long got = pushes.get(r, P_META) & 0xff;
            accepted += answer == ACCEPTED ? 1 : 0;
            offline += answer == OFFLINE ? 1 : 0;
            failed += answer == FAILED ? 1 : 0;
            inFlight += answer == IN_FLIGHT && pushes.get(r, P_CALLED) != 0 ? 1 : 0;
            unanswered += answer == IN_FLIGHT && pushes.get(r, P_CALLED) == 0 ? 1 : 0;
            delivered += got > 0 ? 1 : 0;
            pDup += Math.max(0, got - 1);
            int target = (int) (pushes.get(r, P_META) >> 8);
            if (answer == ACCEPTED && got == 0 && target >= 0 && target < lastDisconnect.length()
                    && lastDisconnect.get(target) > pushes.get(r, P_CALLED)) {
                dropped++; // written to a session that closed before the client read it: s2c is not stored
            } else if (answer == ACCEPTED && got == 0) {
                pLost++;
                example(examples, "s2c push " + r + " to client #" + target + " accepted by the API"
                        + " (call at " + ms(pushes.get(r, P_CALLED)) + " ms), never received");
            }
        }
        BusinessReport.S2c s2c = new BusinessReport.S2c(pAttempted, unanswered, inFlight, accepted, offline, failed,
                delivered, dropped, pLost, pDup, pushesUnexpected.sum());
        synchronized (unexpectedExamples) {
            examples.addAll(unexpectedExamples);
        }
        return new BusinessReport(c2s, s2c, new BusinessReport.Pulls(pullRounds.sum(), pullPages.sum(), pullRows.sum()),
                List.copyOf(examples));
    }

    private static void example(List<String> into, String text) {
        if (into.size() < MAX_EXAMPLES) {
            into.add(text);
        }
    }

    private long ms(long nanos) {
        return nanos == 0 ? -1 : (nanos - originNanos) / 1_000_000;
    }
}
