package dev.imbench.sim.business;

import dev.imbench.sim.load.LoadPhase;
import dev.imbench.sim.load.Seeds;
import dev.imbench.sim.measure.Metric;
import dev.imbench.sim.measure.RunMeasurements;
import java.io.IOException;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * The business server of a run: sends s2c pushes through the {@link BusinessApi} at each phase's
 * {@code s2c} rate, on an open model (intended times from the phase start and the seed alone; a slow
 * API delays the calls, not the schedule), each to a seeded random client. A push's latency counts
 * from its intended call to the client's receipt ({@link Metric#S2C}); a call that starts late also
 * records its {@link Metric#LAG} (the generator's own delay). At most {@code maxInFlight} calls wait
 * for their answer at once.
 */
public final class PushDriver implements AutoCloseable {

    /** How long the driver sleeps at most before it looks for a new phase. */
    private static final long PHASE_POLL_NANOS = TimeUnit.MILLISECONDS.toNanos(20);
    /** Default bound on API calls waiting for their answer. */
    public static final int MAX_IN_FLIGHT_DEFAULT = 2048;

    private final long seed;
    private final int clients;
    private final IntFunction<String> uidOf;
    private final String business;
    private final BusinessApi api;
    private final BusinessLedger ledger;
    private final RunMeasurements measurements;
    private final Supplier<LoadPhase> inForce;
    private final IntFunction<LoadPhase> phaseOf;
    private final int maxInFlight;
    private final Semaphore permits;
    private final ExecutorService calls = Executors.newVirtualThreadPerTaskExecutor();
    private final Thread thread;
    private volatile boolean stopped;
    /** The phase version by which every push due was fired (-1: not yet). */
    private volatile int caughtUpWith = -1;
    private LoadPhase current;
    private SplittableRandom random;
    private long next;

    /**
     * A driver for {@code clients} client indexes, following the phases {@code inForce} returns (and
     * {@code phaseOf} by version); started at once.
     */
    public PushDriver(long seed, int clients, IntFunction<String> uidOf, String business, BusinessApi api,
                      BusinessLedger ledger, RunMeasurements measurements, Supplier<LoadPhase> inForce,
                      IntFunction<LoadPhase> phaseOf, int maxInFlight) {
        this.seed = seed;
        this.clients = clients;
        this.uidOf = uidOf;
        this.business = business;
        this.api = api;
        this.ledger = ledger;
        this.measurements = measurements;
        this.inForce = inForce;
        this.phaseOf = phaseOf;
        this.maxInFlight = maxInFlight;
        this.permits = new Semaphore(maxInFlight);
        enter(phaseOf.apply(0));
        this.thread = Thread.ofVirtual().name("s2c-pushes").start(this::loop);
    }

    private void loop() {
        try {
            try {
                api.warmUp();
            } catch (IOException e) {
                // The pushes will fail and be counted as failed; nothing to warm.
            }
            while (!stopped) {
                LoadPhase latest = inForce.get();
                while (current.version() < latest.version()) {
                    LoadPhase following = phaseOf.apply(current.version() + 1);
                    if (next < following.startNanos()) {
                        break;
                    }
                    enter(following);
                }
                long now = System.nanoTime();
                if (next <= now) {
                    fire(next);
                    next = after(current, next);
                    continue;
                }
                if (current.version() == latest.version() && next == Long.MAX_VALUE) {
                    caughtUpWith = latest.version();
                }
                LockSupport.parkNanos(Math.min(next - now, PHASE_POLL_NANOS));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void enter(LoadPhase phase) {
        current = phase;
        random = Seeds.forPurpose(seed, Seeds.S2C_PUSHES, phase.version());
        next = after(phase, phase.startNanos());
    }

    private long after(LoadPhase phase, long from) {
        double rate = phase.profile().s2c();
        if (rate <= 0) {
            return Long.MAX_VALUE;
        }
        long at = from + phase.profile().process().gapNanos(rate, random);
        return phase.allows(at) ? at : Long.MAX_VALUE;
    }

    private void fire(long intended) throws InterruptedException {
        int target = random.nextInt(clients);
        long id = ledger.push(target, intended);
        permits.acquire();
        calls.execute(() -> {
            try {
                long called = System.nanoTime();
                ledger.pushCalled(id, called);
                measurements.record(Metric.LAG, -1, intended, intended, called);
                int pushed;
                try {
                    pushed = api.push(uidOf.apply(target), business, BusinessLedger.payloadOf(id));
                } catch (IOException | RuntimeException e) {
                    pushed = -1;
                } catch (InterruptedException e) {
                    pushed = -1;
                    Thread.currentThread().interrupt();
                }
                ledger.pushAnswered(id, pushed);
            } finally {
                permits.release();
            }
        });
    }

    /** Whether every push due so far was called and answered (false while a phase still has pushes to send). */
    public boolean idle() {
        return caughtUpWith == inForce.get().version() && permits.availablePermits() == maxInFlight;
    }

    /** Stops sending (calls in flight finish) and waits for the driver's thread. */
    @Override
    public void close() {
        stopped = true;
        FlowRows.stopAndJoin(thread);
        calls.close();
    }
}
