package dev.imbench.sim.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.sim.business.BusinessLedger;
import dev.imbench.sim.ledger.DeliveryLedger;
import dev.imbench.sim.ledger.GroupDirectory;
import dev.imbench.sim.load.LoadProfile;
import dev.imbench.sim.measure.RunMeasurements;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A client's schedule alone, without sockets or threads: rates, kinds, phase bounds and seeds. */
class ActionScheduleTest {

    private static final int CLIENTS = 100;
    private static final long SECOND = 1_000_000_000L;
    private final List<RunMeasurements> opened = new ArrayList<>();

    private ClientContext context(long seed) {
        RunMeasurements m = new RunMeasurements(System.currentTimeMillis(), System.nanoTime());
        opened.add(m);
        GroupDirectory groups = new GroupDirectory(List.of());
        return new ClientContext(seed, CLIENTS, null, null, ClientSettings.DEFAULTS, m,
                new DeliveryLedger(CLIENTS, groups, m.startNanos(), i -> "u" + i), new BusinessLedger(m.startNanos(), CLIENTS),
                "imbench", groups, i -> "u" + i, i -> DeviceType.ANDROID);
    }

    @AfterEach
    void close() {
        opened.forEach(RunMeasurements::close);
    }

    /** Every action of every client intended in the phase in force, drawn in order. */
    private static List<ActionSchedule.Action> drawAll(ClientContext ctx) {
        List<ActionSchedule.Action> all = new ArrayList<>();
        for (int i = 0; i < CLIENTS; i++) {
            ActionSchedule s = new ActionSchedule(ctx, i);
            s.follow(0, true);
            while (s.nextNanos() != Long.MAX_VALUE) {
                all.add(s.draw(true));
                s.follow(0, true);
            }
        }
        return all;
    }

    @Test
    void shouldOfferThePhaseRatesByKindWithinItsBoundsOnly() {
        ClientContext ctx = context(3);
        ctx.phase("mix", LoadProfile.constant(500, 0).withFlows(300, 0, 200), 10 * SECOND, true);
        long start = ctx.phase().startNanos();
        List<ActionSchedule.Action> all = drawAll(ctx);
        Map<ActionSchedule.Kind, Integer> kinds = new EnumMap<>(ActionSchedule.Kind.class);
        for (ActionSchedule.Action a : all) {
            kinds.merge(a.kind(), 1, Integer::sum);
            assertTrue(a.intended() >= start && a.intended() < start + 10 * SECOND, "inside the phase: " + a);
        }
        // 1 000 actions/s for 10 s: Poisson, so within a few percent.
        assertEquals(10_000, all.size(), 400, kinds.toString());
        assertEquals(5_000, kinds.get(ActionSchedule.Kind.C2C), 300, kinds.toString());
        assertEquals(3_000, kinds.get(ActionSchedule.Kind.REPORT), 250, kinds.toString());
        assertEquals(2_000, kinds.get(ActionSchedule.Kind.PULL), 200, kinds.toString());
        for (ActionSchedule.Action a : all) {
            if (a.kind() == ActionSchedule.Kind.C2C) {
                assertTrue(a.target() >= 0 && a.target() < CLIENTS, "a peer: " + a);
            }
        }
    }

    @Test
    void shouldDrawTheSameActionsFromTheSameSeedAndOthersFromAnother() {
        List<List<String>> runs = new ArrayList<>();
        for (long seed : new long[] {5, 5, 6}) {
            ClientContext ctx = context(seed);
            ctx.phase("p", LoadProfile.constant(200, 0).withFlows(100, 0, 50), 2 * SECOND, true);
            long start = ctx.phase().startNanos();
            runs.add(drawAll(ctx).stream().map(a -> a.kind() + ":" + a.target() + "@" + (a.intended() - start)).toList());
        }
        assertEquals(runs.get(0), runs.get(1));
        assertTrue(!runs.get(0).equals(runs.get(2)), "another seed, another schedule");
    }

    @Test
    void shouldDrawTheOldPhasesActionsBeforeTheNextPhaseStartedThenTheNewOnes() {
        ClientContext ctx = context(9);
        ctx.phase("first", LoadProfile.constant(0, 0).withFlows(0, 0, 1_000), 0, false); // unbounded: in force until the next
        ActionSchedule s = new ActionSchedule(ctx, 7);
        s.follow(0, true);
        ctx.phase("second", LoadProfile.constant(1_000, 0), SECOND, true);
        long switchAt = ctx.phase().startNanos();
        boolean sawSecond = false;
        long last = 0;
        while (s.nextNanos() != Long.MAX_VALUE) {
            s.follow(0, true);
            if (s.nextNanos() == Long.MAX_VALUE) {
                break;
            }
            ActionSchedule.Action a = s.draw(true);
            assertTrue(a.intended() >= last, "in intended order: " + a);
            last = a.intended();
            if (a.intended() < switchAt) {
                assertTrue(!sawSecond, "no action of the first phase after one of the second: " + a);
                assertEquals(ActionSchedule.Kind.PULL, a.kind());
            } else {
                sawSecond = true;
                assertEquals(ActionSchedule.Kind.C2C, a.kind(), "the second phase's kind: " + a);
                assertTrue(a.intended() < switchAt + SECOND, "bounded: " + a);
            }
        }
        assertTrue(sawSecond, "the second phase's actions came");
        assertEquals(2, s.enteredVersion());
    }
}
