package dev.imbench.sim.business;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The business ledger alone: what counts as lost, duplicated, unexpected and dropped by design. */
class BusinessLedgerTest {

    @Test
    void shouldCountAReportAckedButNeverReadAsLostAndASecondReadAsDuplicated() {
        BusinessLedger l = new BusinessLedger(0, 10);
        long a = l.report(3, 100);
        long b = l.report(4, 200);
        long c = l.report(5, 300);
        assertTrue(BusinessLedger.isReport(a));
        l.reportSent(a, 110);
        l.reportSent(b, 210);
        l.reportAcked(a, 150);
        l.reportAcked(b, 250);
        assertEquals(100, l.consumed("u3", a, 400), "first read: the intended time, for the latency");
        assertEquals(-1, l.consumed("u3", a, 401), "a redelivery");
        assertEquals(300, l.consumed("u5", c, 402), "never acked but read: recovered");
        BusinessReport r = l.check();
        assertEquals(new BusinessReport.C2s(3, 2, 2, 2, 1, 1, 0, 1), r.c2s());
        assertFalse(r.valid());
        assertTrue(r.examples().get(0).contains("never read by the consumer"), r.examples().toString());
    }

    @Test
    void shouldCountReadsOfReportsNoClientSentAsUnexpectedWhateverTheirId() {
        BusinessLedger l = new BusinessLedger(0, 10);
        l.report(0, 1);
        for (long id : new long[] {0, -1, 42, Long.MAX_VALUE, BusinessLedger.REPORT_IDS | 7, Long.MIN_VALUE,
                (1L << 62) | BusinessLedger.REPORT_IDS}) {
            assertEquals(-2, l.consumed("x", id, 5), Long.toHexString(id));
        }
        assertEquals(7, l.check().c2s().unexpected());
        assertFalse(l.check().valid());
    }

    @Test
    void shouldTellAPushDroppedForAnOfflineUserFromOneLost() {
        BusinessLedger l = new BusinessLedger(0, 10);
        long delivered = l.push(1, 10);
        long offline = l.push(2, 20);
        long lost = l.push(3, 30);
        long failed = l.push(4, 40);
        long unsent = l.push(5, 50);
        for (long p : new long[] {delivered, offline, lost, failed}) {
            l.pushCalled(p, 60);
        }
        l.pushAnswered(delivered, 1);
        l.pushAnswered(offline, 0);
        l.pushAnswered(lost, 2);
        l.pushAnswered(failed, -1);
        assertEquals(10, l.pushArrived(1, BusinessLedger.payloadOf(delivered), 70));
        assertEquals(-1, l.pushArrived(1, BusinessLedger.payloadOf(delivered), 71), "shown twice");
        BusinessReport.S2c s = l.check().s2c();
        assertEquals(new BusinessReport.S2c(5, 1, 0, 2, 1, 1, 1, 0, 1, 1, 0), s);
        assertFalse(l.check().valid());
        l.disconnected(3, 59);
        assertEquals(1, l.check().s2c().lost(), "a disconnect before the call does not excuse the loss");
        l.disconnected(3, 61);
        assertEquals(0, l.check().s2c().lost(), "written to a session that closed after the call: dropped");
        assertEquals(1, l.check().s2c().droppedAtDisconnect());
        assertTrue(l.check().valid(), "offline, failed and dropped-at-disconnect pushes are reported, not lost");
        assertEquals(0, l.pushesInFlight() - 1, "the unsent push has no answer yet");
        assertTrue(unsent >= 0);
    }

    @Test
    void shouldCountHostilePushPayloadsAndPushesToTheWrongClientAsUnexpected() {
        BusinessLedger l = new BusinessLedger(0, 10);
        long p = l.push(1, 10);
        for (String payload : new String[] {"", "s", "sabc", "s-1", "s99999999999999999999", "x0",
                "s" + (p + 1), BusinessLedger.payloadOf(p) + "0", "s".repeat(5000)}) {
            assertEquals(-2, l.pushArrived(1, payload, 20), payload.length() > 30 ? "long" : payload);
        }
        assertEquals(-2, l.pushArrived(2, BusinessLedger.payloadOf(p), 20), "not its target");
        assertEquals(10, l.check().s2c().unexpected());
        assertTrue(l.check().examples().stream().allMatch(e -> e.length() < 200), "examples stay short");
    }
}
