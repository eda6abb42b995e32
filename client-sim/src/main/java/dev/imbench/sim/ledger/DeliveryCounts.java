package dev.imbench.sim.ledger;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The delivery counts of one slice of a run (a phase, a network slice, a fault
 * window), the same fields as the whole-run {@link DeliveryReport}. Filled by
 * the checker only; read through {@link #toJson()}.
 */
public final class DeliveryCounts {

    long attempted;
    long acked;
    long ackedC2c;
    long ackedC2g;
    long expected;
    long delivered;
    long deliveredOnline;
    long deliveredByPull;
    long lost;
    long duplicatedWire;
    long duplicated;
    long reordered;
    long reorderedArrival;
    long unexpected;
    long recovered;

    /** The whole-run counts of a report. */
    static DeliveryCounts of(DeliveryReport r) {
        DeliveryCounts c = new DeliveryCounts();
        c.attempted = r.attempted();
        c.acked = r.acked();
        c.ackedC2g = r.ackedC2g();
        c.ackedC2c = r.acked() - r.ackedC2g();
        c.expected = r.expected();
        c.delivered = r.delivered();
        c.deliveredOnline = r.deliveredOnline();
        c.deliveredByPull = r.deliveredByPull();
        c.lost = r.lost();
        c.duplicatedWire = r.duplicatedWire();
        c.duplicated = r.duplicated();
        c.reordered = r.reordered();
        c.reorderedArrival = r.reorderedArrival();
        c.unexpected = r.unexpected();
        c.recovered = r.recovered();
        return c;
    }

    /** Adds another slice's counts to these. */
    void add(DeliveryCounts o) {
        attempted += o.attempted;
        acked += o.acked;
        ackedC2c += o.ackedC2c;
        ackedC2g += o.ackedC2g;
        expected += o.expected;
        delivered += o.delivered;
        deliveredOnline += o.deliveredOnline;
        deliveredByPull += o.deliveredByPull;
        lost += o.lost;
        duplicatedWire += o.duplicatedWire;
        duplicated += o.duplicated;
        reordered += o.reordered;
        reorderedArrival += o.reorderedArrival;
        unexpected += o.unexpected;
        recovered += o.recovered;
    }

    /** The JSON object, fields in the order of {@code delivery.json}. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("attempted", attempted);
        m.put("acked", acked);
        m.put("ackedC2c", ackedC2c);
        m.put("ackedC2g", ackedC2g);
        m.put("expected", expected);
        m.put("delivered", delivered);
        m.put("deliveredOnline", deliveredOnline);
        m.put("deliveredByPull", deliveredByPull);
        m.put("lost", lost);
        m.put("duplicatedWire", duplicatedWire);
        m.put("duplicated", duplicated);
        m.put("reordered", reordered);
        m.put("reorderedArrival", reorderedArrival);
        m.put("unexpected", unexpected);
        m.put("recovered", recovered);
        return m;
    }

    @Override
    public String toString() {
        return toJson().toString();
    }
}
