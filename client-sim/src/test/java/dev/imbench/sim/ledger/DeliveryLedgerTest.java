package dev.imbench.sim.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class DeliveryLedgerTest {

    private static final long MS = 1_000_000L;
    private final GroupDirectory groups = new GroupDirectory(List.of(new int[] {0, 1, 2}));
    private final DeliveryLedger ledger = new DeliveryLedger(4, groups, 0, i -> "u" + i);

    private long sendAcked(int from, int target, long t) {
        long id = ledger.attempt(from, target, t);
        ledger.sent(id, t);
        ledger.acked(id, t + MS);
        return id;
    }

    @Test
    void shouldBeValidWhenEveryAckedMessageArrivesOnce() {
        long a = sendAcked(0, DeliveryLedger.c2c(1), 10 * MS);
        long b = sendAcked(1, DeliveryLedger.c2c(0), 20 * MS);
        assertEquals(Arrival.Kind.FIRST, ledger.arrived(1, a, 1, false, 12 * MS).kind());
        assertEquals(Arrival.Kind.FIRST, ledger.arrived(0, b, 1, true, 30 * MS).kind());
        DeliveryReport r = DeliveryChecker.check(ledger, true);
        assertEquals(2, r.attempted());
        assertEquals(2, r.acked());
        assertEquals(2, r.expected());
        assertEquals(2, r.delivered());
        assertEquals(1, r.deliveredOnline());
        assertEquals(1, r.deliveredByPull());
        assertEquals("valid", r.verdict());
    }

    @Test
    void shouldCountLostWhenAnAckedMessageNeverArrives() {
        long a = sendAcked(0, DeliveryLedger.c2c(1), 10 * MS);
        DeliveryReport r = DeliveryChecker.check(ledger, true);
        assertEquals(1, r.lost());
        assertEquals("invalid", r.verdict());
        assertEquals(a, r.examples().get("lost").get(0).msg());
        assertEquals("u1", r.examples().get("lost").get(0).to());
        assertEquals(-1, r.examples().get("lost").get(0).deliveredMs());
    }

    @Test
    void shouldCountLostPerMissingGroupMemberAndIgnoreTheSendersEcho() {
        long g = sendAcked(0, DeliveryLedger.c2g(0), 10 * MS);
        assertEquals(Arrival.Kind.SELF, ledger.arrived(0, g, 7, false, 11 * MS).kind());
        ledger.arrived(1, g, 1, false, 12 * MS);
        DeliveryReport r = DeliveryChecker.check(ledger, true);
        assertEquals(2, r.expected());
        assertEquals(1, r.delivered());
        assertEquals(1, r.lost());
        assertEquals("u2", r.examples().get("lost").get(0).to());
    }

    @Test
    void shouldCountRecoveredWhenAnUnackedMessageArrives() {
        long id = ledger.attempt(2, DeliveryLedger.c2c(3), 10 * MS);
        ledger.sent(id, 10 * MS);
        ledger.arrived(3, id, 1, false, 15 * MS);
        DeliveryReport r = DeliveryChecker.check(ledger, true);
        assertEquals(1, r.recovered());
        assertEquals(0, r.lost());
        assertEquals(0, r.expected());
        assertEquals("valid", r.verdict());
        assertEquals(15, r.examples().get("recovered").get(0).deliveredMs());
    }

    @Test
    void shouldSeparateWireDuplicatesFromAppVisibleOnes() {
        long a = sendAcked(0, DeliveryLedger.c2c(1), 10 * MS);
        ledger.arrived(1, a, 5, false, 11 * MS);
        assertEquals(Arrival.Kind.WIRE_DUPLICATE, ledger.arrived(1, a, 5, true, 12 * MS).kind());
        assertEquals(Arrival.Kind.APP_DUPLICATE, ledger.arrived(1, a, 6, true, 13 * MS).kind());
        DeliveryReport r = DeliveryChecker.check(ledger, true);
        assertEquals(2, r.duplicatedWire());
        assertEquals(1, r.duplicated());
        assertEquals(1, r.delivered());
        assertEquals("valid", r.verdict());
        assertEquals(1, r.examples().get("duplicated").size());
    }

    @Test
    void shouldCountUnexpectedForUnknownIdsAndWrongRecipients() {
        long a = sendAcked(0, DeliveryLedger.c2c(1), 10 * MS);
        assertEquals(Arrival.Kind.UNEXPECTED, ledger.arrived(2, a, 1, false, 11 * MS).kind());
        assertEquals(Arrival.Kind.UNEXPECTED, ledger.arrived(1, MessageIds.of(3, 9), 2, false, 11 * MS).kind());
        assertEquals(Arrival.Kind.UNEXPECTED, ledger.arrived(1, MessageIds.of(77, 1), 3, false, 11 * MS).kind());
        ledger.arrived(1, a, 4, false, 12 * MS);
        DeliveryReport r = DeliveryChecker.check(ledger, true);
        assertEquals(3, r.unexpected());
        assertEquals(0, r.lost());
        assertEquals("invalid", r.verdict());
        assertEquals(3, r.examples().get("unexpected").size());
    }

    @Test
    void shouldCountReorderOnlyWhenTheEarlierMessageWasAckedBeforeTheLaterWasSent() {
        long a = sendAcked(0, DeliveryLedger.c2c(1), 10 * MS);      // acked at 11 ms
        long b = sendAcked(0, DeliveryLedger.c2c(1), 20 * MS);      // sent after a's ack
        long c = ledger.attempt(0, DeliveryLedger.c2c(1), 20 * MS); // in flight together with b
        ledger.sent(c, 20 * MS + 1);
        ledger.acked(c, 25 * MS);
        ledger.arrived(1, b, 2, false, 30 * MS);
        ledger.arrived(1, c, 3, false, 31 * MS);
        ledger.arrived(1, a, 1, true, 40 * MS);
        DeliveryReport r = DeliveryChecker.check(ledger, true);
        // b and c both arrived before a although a was acked before either was sent; a came by pull under
        // the smallest msgid, so the app shows a, b, c: reordered on arrival only.
        assertEquals(2, r.reorderedArrival());
        assertEquals(0, r.reordered(), "an older row pulled after newer pushes is shown in its place");
        assertEquals("valid", r.verdict());

        DeliveryLedger shown = new DeliveryLedger(2, GroupDirectory.none(), 0, i -> "u" + i);
        long p = shown.attempt(0, 1, 10 * MS);
        shown.sent(p, 10 * MS);
        shown.acked(p, 11 * MS);
        long q = shown.attempt(0, 1, 20 * MS);
        shown.sent(q, 20 * MS);
        shown.acked(q, 21 * MS);
        shown.arrived(1, p, 9, false, 30 * MS);
        shown.arrived(1, q, 8, false, 31 * MS);
        DeliveryReport s = DeliveryChecker.check(shown, true);
        // q arrived after p but under a smaller msgid: the app shows q above p, which was acked before q was sent.
        assertEquals(1, s.reordered());
        assertEquals(0, s.reorderedArrival());
        assertEquals("valid", s.verdict(), "order is reported, not part of the loss verdict");
        assertTrue(s.examples().get("reordered").get(0).detail().contains("server msgid 8 < 9"),
                s.examples().get("reordered").toString());

        DeliveryLedger inFlight = new DeliveryLedger(2, GroupDirectory.none(), 0, i -> "u" + i);
        long x = inFlight.attempt(0, 1, 10 * MS);
        inFlight.sent(x, 10 * MS);
        long y = inFlight.attempt(0, 1, 10 * MS);
        inFlight.sent(y, 10 * MS + 1);
        inFlight.acked(x, 12 * MS);
        inFlight.acked(y, 12 * MS);
        inFlight.arrived(1, y, 1, false, 13 * MS);
        inFlight.arrived(1, x, 2, false, 14 * MS);
        assertEquals(0, DeliveryChecker.check(inFlight, true).reordered(), "pipelined sends may arrive in any order");
    }

    @Test
    void shouldCountReorderWithinAGroupAcrossSenders() {
        long a = sendAcked(0, DeliveryLedger.c2g(0), 10 * MS);
        long b = sendAcked(1, DeliveryLedger.c2g(0), 20 * MS);
        ledger.arrived(2, b, 1, false, 21 * MS);
        ledger.arrived(2, a, 2, false, 22 * MS);
        ledger.arrived(1, a, 1, false, 12 * MS);
        ledger.arrived(0, b, 1, false, 21 * MS);
        DeliveryReport r = DeliveryChecker.check(ledger, true);
        assertEquals(1, r.reordered());
        assertEquals(1, r.reorderedArrival());
        assertEquals("u2", r.examples().get("reordered").get(0).to());
    }

    @Test
    void shouldSayIncompleteWhenTheDrainTimedOut() {
        sendAcked(0, DeliveryLedger.c2c(1), 10 * MS);
        DeliveryReport r = DeliveryChecker.check(ledger, false);
        assertEquals("incomplete", r.verdict());
        assertFalse((Boolean) r.toJson().get("valid"));
        assertTrue(r.toJson().containsKey("examples"));
    }
}
