package dev.imbench.sim.ledger;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * delivery.json's breakdowns with every category present: each message lands in the
 * phase and fault window of its intended send, per-recipient counts in the recipient's
 * slice, per-message counts in the sender's, and every breakdown adds up to the totals.
 */
class BreakdownTest {

    private static final long MS = 1_000_000L;
    private static final List<String> FIELDS = List.of("attempted", "acked", "ackedC2c", "ackedC2g", "expected", "delivered", "deliveredOnline",
            "deliveredByPull", "lost", "duplicatedWire", "duplicated", "reordered", "reorderedArrival", "unexpected", "recovered");

    private final DeliveryLedger ledger = new DeliveryLedger(4, new GroupDirectory(List.of(new int[] {0, 1, 2})), 0,
            i -> "u" + i);

    private long send(int from, int target, long ms, boolean acked) {
        long id = ledger.attempt(from, target, ms * MS);
        ledger.sent(id, ms * MS);
        if (acked) {
            ledger.acked(id, (ms + 1) * MS);
        }
        return id;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> at(Map<String, Object> json, String... path) {
        Map<String, Object> m = json;
        for (String p : path) {
            m = (Map<String, Object>) m.get(p);
        }
        return m;
    }

    private static Map<String, Object> counts(long... values) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < FIELDS.size(); i++) {
            m.put(FIELDS.get(i), values[i]);
        }
        return m;
    }

    @Test
    void shouldPutEveryCountWhereItsMessageBelongsAndAddUpToTheTotals() {
        long m1 = send(0, DeliveryLedger.c2c(1), 10, true);     // phase a, before the fault
        long m2 = send(0, DeliveryLedger.c2c(1), 20, true);     // phase a, during the fault
        send(0, DeliveryLedger.c2c(1), 120, true);              // phase b: lost
        long m4 = send(2, DeliveryLedger.c2c(3), 130, false);   // phase b: recovered
        long m5 = send(0, DeliveryLedger.c2c(1), 140, true);
        long m6 = send(0, DeliveryLedger.c2c(1), 150, true);    // sent after m5's ack, seen before it: reordered
        long g = send(0, DeliveryLedger.c2g(0), 160, true);

        ledger.arrived(1, m1, 5, false, 12 * MS);
        ledger.arrived(1, m1, 5, false, 13 * MS);                // wire duplicate
        ledger.arrived(1, m1, 6, false, 14 * MS);                // app-visible duplicate
        ledger.arrived(1, m2, 7, true, 22 * MS);
        ledger.arrived(2, m1, 8, false, 30 * MS);                // unexpected (not a recipient), phase a by arrival
        ledger.arrived(1, MessageIds.of(3, 9), 9, false, 110 * MS); // unexpected (never sent), phase b
        ledger.arrived(3, m4, 1, false, 135 * MS);
        ledger.arrived(1, m6, 10, false, 155 * MS);
        ledger.arrived(1, m5, 11, false, 156 * MS);
        ledger.arrived(0, g, 1, false, 161 * MS);                // the sender's echo: ignored
        ledger.arrived(1, g, 12, false, 165 * MS);
        ledger.arrived(2, g, 2, false, 166 * MS);

        Breakdown plan = new Breakdown(List.of("a", "b"), t -> t >= 100 * MS ? 1 : 0, 0,
                i -> i == 1 ? "3g" : null, List.of(new Breakdown.Window("f", 15, 25)));
        DeliveryReport r = DeliveryChecker.check(ledger, true, plan);
        Map<String, Object> json = r.toJson();

        //                          att acked c2c c2g exp deliv onl pull lost dupW dup reord arriv unexp recov
        assertEquals(counts(7, 6, 5, 1, 7, 7, 6, 1, 1, 2, 1, 1, 1, 2, 1), subset(json));
        assertEquals(counts(2, 2, 2, 0, 2, 2, 1, 1, 0, 2, 1, 0, 0, 1, 0), at(json, "byPhase", "a"));
        assertEquals(counts(5, 4, 3, 1, 5, 5, 5, 0, 1, 0, 0, 1, 1, 1, 1), at(json, "byPhase", "b"));
        // u1 is on 3g: every per-recipient count of its deliveries; every sender is on no slice.
        assertEquals(counts(0, 0, 0, 0, 6, 5, 4, 1, 1, 2, 1, 1, 1, 1, 0), at(json, "bySlice", "3g"));
        assertEquals(counts(7, 6, 5, 1, 1, 2, 2, 0, 0, 0, 0, 0, 0, 1, 1), at(json, "bySlice", "none"));
        assertEquals(counts(1, 1, 1, 0, 1, 1, 1, 0, 0, 2, 1, 0, 0, 0, 0), at(json, "byFault", "f", "before"));
        assertEquals(counts(1, 1, 1, 0, 1, 1, 0, 1, 0, 0, 0, 0, 0, 0, 0), at(json, "byFault", "f", "during"));
        assertEquals(counts(5, 4, 3, 1, 5, 5, 5, 0, 1, 0, 0, 1, 1, 2, 1), at(json, "byFault", "f", "after"));
    }

    @Test
    void shouldMeasureTheTimeToRecoverFromTheFaultsEndForTheClientsItConcerned() {
        // The fault concerns client 0 from 100 to 200 ms.
        send(0, DeliveryLedger.c2c(1), 50, true);                          // before: acked at 51
        long during = ledger.attempt(0, DeliveryLedger.c2c(1), 150 * MS);  // sent during, acked only at 260
        ledger.sent(during, 150 * MS);
        ledger.acked(during, 260 * MS);
        long toCut = send(2, DeliveryLedger.c2c(0), 180, true);            // to the cut-off client, pulled at 300
        send(3, DeliveryLedger.c2c(2), 203, true);                         // acked at 204, by a client not concerned
        ledger.arrived(1, during, 1, false, 262 * MS);
        ledger.arrived(0, toCut, 2, true, 300 * MS);
        Breakdown plan = new Breakdown(List.of(), t -> 0, 0, i -> null,
                List.of(new Breakdown.Window("cut", 100, 200, c -> c == 0)));
        Map<String, Object> recovery = at(DeliveryChecker.check(ledger, true, plan).toJson(), "byFault", "cut", "recovery");
        assertEquals(60L, recovery.get("firstAckMs"), "the first ack of a concerned sender after the end: " + recovery);
        assertEquals(2L, recovery.get("backlogMessages"), "both messages intended during the fault touch client 0");
        assertEquals(100L, recovery.get("backlogMs"), "the last of them arrived 100 ms after the end");

        Breakdown nobody = new Breakdown(List.of(), t -> 0, 0, i -> null,
                List.of(new Breakdown.Window("late", 400, 500, c -> true)));
        Map<String, Object> none = at(DeliveryChecker.check(ledger, true, nobody).toJson(), "byFault", "late", "recovery");
        assertEquals(-1L, none.get("firstAckMs"), "no ack after the end: not recovered, not 0");
        assertEquals(-1L, none.get("backlogMs"));
    }

    private static Map<String, Object> subset(Map<String, Object> json) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (String f : FIELDS) {
            m.put(f, json.get(f));
        }
        return m;
    }

    @Test
    void shouldAddUpPhasesThatShareANameAndWriteNoBreakdownWithoutAPlan() {
        send(0, DeliveryLedger.c2c(1), 10, true);
        send(0, DeliveryLedger.c2c(1), 110, true);
        send(0, DeliveryLedger.c2c(1), 210, true);
        Breakdown plan = new Breakdown(List.of("steady", "spike", "steady"),
                t -> (int) Math.min(2, t / (100 * MS)), 0, i -> null, List.of());
        Map<String, Object> json = DeliveryChecker.check(ledger, true, plan).toJson();
        assertEquals(2L, at(json, "byPhase", "steady").get("attempted"));
        assertEquals(1L, at(json, "byPhase", "spike").get("attempted"));
        assertEquals(Map.of(), at(DeliveryChecker.check(ledger, true).toJson(), "byPhase"));
    }
}
