package dev.imbench.sim;

import dev.imbench.testsupport.FakeGate;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.sim.client.Backoff;
import dev.imbench.sim.client.ClientSettings;
import dev.imbench.sim.ledger.DeliveryReport;
import dev.imbench.sim.load.ArrivalProcess;
import dev.imbench.sim.load.LoadProfile;
import dev.imbench.sim.measure.Metric;
import dev.imbench.sim.transport.DisconnectCause;
import dev.imbench.sim.transport.PipelineHook;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import org.HdrHistogram.Histogram;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ground truth for coordinated omission: a gate that reads and answers nothing for exactly S seconds
 * during a constant-rate open-model run of T seconds. A message intended t seconds into the stall is acked
 * S - t later (plus the base latency), so the corrected ack percentiles follow from S and T alone: the
 * stall holds S/T of the messages, and quantile q above 1 - S/T is S - T(1 - q). Raw latency counts from
 * the actual send: once a client gives up on an ack and waits to log in again, its later messages leave
 * only after the stall and raw hides the wait.
 *
 * <p>Tolerances a correct implementation meets on a busy machine: one histogram bucket or 1 %, plus one
 * client's send gap (the constant schedules' random phases) and the gate's own recovery after the stall
 * (measured: how long it took to answer every message of the stall); message by message, no corrected
 * latency may be shorter than the gate's own time from the seeded intended start to its ack.
 */
class PlantedStallTest {

    private static final int CLIENTS = 2;
    private static final double RATE = 50;                         // messages per second, all clients
    private static final Duration RUN = Duration.ofSeconds(4);      // T
    private static final Duration STALL = Duration.ofSeconds(3);    // S
    private static final Duration STALL_AT = Duration.ofMillis(500);
    private static final Duration ACK_TIMEOUT = Duration.ofMillis(300);
    private static final ClientSettings SETTINGS = ClientSettings.DEFAULTS
            .withTimeouts(Duration.ofSeconds(30), ACK_TIMEOUT, Duration.ofSeconds(10))
            .withRetries(new Backoff(10_000_000L, 50_000_000L), 5);
    private static final double[] PERCENTILES = {50, 90, 99, 100};

    @Test
    void shouldMatchTheAnalyticStallDistributionWhenCorrectedAndShowTheOmissionWhenRaw(@TempDir Path dir)
            throws Exception {
        try (FakeGate gate = FakeGate.start()) {
            SimulationConfig config = SimulationConfig.builder().seed(3).clients(CLIENTS)
                    .transport(new TransportSpec.Local(gate.localAddress(), 1, PipelineHook.NONE))
                    .tokens((uid, device) -> "t").client(SETTINGS).build();
            Histogram corrected;
            Histogram raw;
            List<String> decisions;
            long phaseStart;
            try (Simulation sim = Simulation.create(config)) {
                sim.ramp(CLIENTS, 100);
                assertTrue(sim.awaitOnline(CLIENTS, Duration.ofSeconds(5)));
                phaseStart = sim.phase("stall", new LoadProfile(RATE, RATE, 0, 0, ArrivalProcess.CONSTANT, 0), RUN);
                gate.stall(STALL_AT, STALL);
                long end = phaseStart + RUN.toNanos();
                await().atMost(RUN.plusSeconds(10)).pollInterval(Duration.ofMillis(20))
                        .until(() -> System.nanoTime() >= end && gate.stallEndNanos() != 0);
                assertTrue(sim.drain(Duration.ofSeconds(15)), "drain completes");
                DeliveryReport r = sim.writeRunFiles(dir);
                assertEquals("valid", r.verdict(), r.toString());
                assertEquals(r.attempted(), r.acked(), "every message was acked after the stall");
                long gaveUp = sim.counters().disconnectCount(DisconnectCause.ERROR);
                System.out.println("planted stall: connections given up for a missing ack: " + gaveUp);
                assertTrue(gaveUp >= CLIENTS, "each client gave up on its first unanswered ack and waited to log in"
                        + " again: " + gaveUp);
                Histogram[] ack = sim.latency(Metric.ACK);
                corrected = ack[0];
                raw = ack[1];
                decisions = Files.readAllLines(dir.resolve("decisions.csv"));
            }
            double s = (gate.stallEndNanos() - gate.stallStartNanos()) / 1e9;
            double stallFrom = (gate.stallStartNanos() - phaseStart) / 1e9;
            double t = RUN.toNanos() / 1e9;
            assertTrue(stallFrom > 0 && stallFrom + s < t, "the stall lies inside the run: " + stallFrom + " + " + s);
            long n = corrected.getTotalCount();
            assertEquals(decisions.size() - 1, n, "one ack sample per send action");
            assertEquals(RATE * t, n, CLIENTS, "constant rate: R·T messages");

            // Outside the stall (a quarter of the run) an ack takes the base latency: read it at p10.
            double base = ms(corrected, 10);
            // How long the gate took, after the stall, to answer every message that came in during it.
            double recovery = 0;
            long inStall = 0;
            double[] truth = new double[decisions.size() - 1];
            for (int i = 1; i < decisions.size(); i++) {
                String[] row = decisions.get(i).split(",");
                long intended = phaseStart + Long.parseLong(row[1]) * 1000;
                Long acked = gate.ackedAt(Long.parseLong(row[4]));
                assertTrue(acked != null, "the gate acked " + decisions.get(i));
                truth[i - 1] = (acked - intended) / 1e6;
                if (intended >= gate.stallStartNanos() && intended < gate.stallEndNanos()) {
                    inStall++;
                    recovery = Math.max(recovery, (acked - gate.stallEndNanos()) / 1e6);
                }
            }
            Arrays.sort(truth);
            // The share of the stall: S/T from the rate, S and T; counted on the schedule, it also holds the few
            // messages each client's random phase puts on either side of the stall's edges.
            double share = (double) inStall / n;
            System.out.printf(Locale.ROOT, "planted stall: R=%.0f/s T=%.1fs S=%.3fs at %.3fs, %d acks (%d intended in the"
                    + " stall: %.3f of them, S/T = %.3f), base %.2f ms, the gate answered the stalled messages within %.1f ms"
                    + " of its end%n", RATE, t, s, stallFrom, n, inStall, share, s / t, base, recovery);
            assertEquals(s / t, share, 2.0 * CLIENTS / n, "the stall's share of the messages is S/T, give or take a"
                    + " message per client at each edge");
            System.out.println("   pct  S-T(1-q)   analytic  gate-side   corrected        raw   (ms)");
            for (double q : PERCENTILES) {
                double closedForm = waitAt(q / 100, s / t, s) * 1000 + base;
                double analytic = waitAt(q / 100, share, s) * 1000 + base;
                double gateSide = truth[(int) Math.max(1, Math.ceil(q / 100 * truth.length)) - 1];
                double measured = ms(corrected, q);
                System.out.printf(Locale.ROOT, "%6.1f %9.1f %10.1f %10.1f %11.1f %10.1f%n", q, closedForm, analytic, gateSide,
                        measured, ms(raw, q));
                // Uniform waits S - t over the stall's share, with the slack of one client's send gap (the constant
                // schedules' random phases) and of the gate's own recovery after the stall.
                assertEquals(analytic, measured, tolerance(corrected, analytic) + 1000 / (RATE / CLIENTS) + recovery,
                        "corrected p" + q + " against S - t over the stall's share + base");
                // Message by message, from the seeded intended time to the gate's ack: a client cannot see an ack
                // before the gate wrote it (it may see it later: after a stall it first sends its backlog).
                assertTrue(measured >= gateSide - tolerance(corrected, gateSide), "corrected p" + q + " " + measured
                        + " ms is below the gate's own " + gateSide + " ms from intended start to ack");
            }
            // The omission: after a client gave up on its first unanswered ack it waited to log in again and
            // sent nothing until the stall ended; raw counts those messages from their late send.
            for (double q : new double[] {50, 90}) {
                assertTrue(ms(raw, q) < ms(corrected, q) / 10, "raw p" + q + " " + ms(raw, q) + " ms hides the stall");
            }
            // The first message of each client in the stall was sent on time: raw counts its whole wait too.
            assertEquals(s * 1000, ms(raw, 100), 1000 / (RATE / CLIENTS) + recovery + tolerance(raw, s * 1000));
        }
    }

    /**
     * Quantile q of the wait (s) when a share of the messages is intended uniformly over a stall of s seconds
     * and each waits until its end: 0 up to 1 - share, then s (q - 1 + share) / share; with share = S/T that is
     * S - T(1 - q).
     */
    private static double waitAt(double q, double share, double s) {
        return q <= 1 - share ? 0 : s * (q - 1 + share) / share;
    }

    private static double ms(Histogram h, double percentile) {
        return (percentile >= 100 ? h.getMaxValue() : h.getValueAtPercentile(percentile)) / 1000.0;
    }

    /** One histogram bucket or 1 % of the value, whichever is larger (ms). */
    private static double tolerance(Histogram h, double expectedMs) {
        long micros = Math.max(1, (long) (expectedMs * 1000));
        double bucket = (h.highestEquivalentValue(micros) - h.lowestEquivalentValue(micros) + 1) / 1000.0;
        return Math.max(bucket, expectedMs / 100);
    }
}
