package dev.imbench.sim;

import dev.imbench.sim.client.ClientContext;
import dev.imbench.sim.client.SettleRound;
import dev.imbench.sim.client.VirtualClient;
import dev.imbench.sim.load.Seeds;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.BiConsumer;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/**
 * The clients of one simulation: started on the ramp's schedule, replaced by a second device on a
 * kickout, chosen by seeded fractions, and asked to settle in rounds ({@link SettleRound}) that the
 * driving thread waits on without visiting every client. Driven from one thread.
 */
final class Population {

    private final SimulationConfig config;
    private final ClientContext ctx;
    private final AtomicReferenceArray<VirtualClient> clients;
    private final List<VirtualClient> retired = new ArrayList<>();
    private volatile int started;
    private long decisions;

    Population(SimulationConfig config, ClientContext ctx) {
        this.config = config;
        this.ctx = ctx;
        this.clients = new AtomicReferenceArray<>(config.clients());
    }

    /** How many client indexes the ramp went past so far (a shard starts only its own of them). */
    int started() {
        return started;
    }

    /** The client of an index now (null when not started or another shard's). */
    VirtualClient get(int index) {
        return clients.get(index);
    }

    /** Clients logged in and caught up now (a counter the clients keep: no visit of each). */
    int ready() {
        return ctx.readyClients();
    }

    /** See {@link Simulation#ramp(int, double, BooleanSupplier)}. */
    void ramp(int count, double perSecond, BooleanSupplier stop) throws InterruptedException {
        if (count < 0 || started + count > config.clients() || perSecond <= 0) {
            throw new IllegalArgumentException("cannot ramp " + count + " clients at " + perSecond + "/s; "
                    + started + " of " + config.clients() + " already started");
        }
        long t0 = System.nanoTime();
        long gap = (long) (1e9 / perSecond);
        for (int k = 0; k < count && !stop.getAsBoolean(); k++) {
            if (!config.shard().owns(started)) {
                started++; // another shard's client: it logs in there, on the same schedule
                continue;
            }
            long intended = t0 + k * gap;
            long wait = intended - System.nanoTime();
            if (wait > 0) {
                TimeUnit.NANOSECONDS.sleep(wait);
            }
            int i = started++;
            VirtualClient c = new VirtualClient(i, ctx, intended, traced(i));
            clients.set(i, c);
            c.start();
        }
    }

    /** See {@link Simulation#kickout(int[])}. */
    void kickout(int[] indexes) {
        for (int i : indexes) {
            VirtualClient old = clients.get(i);
            long now = System.nanoTime();
            ctx.kickoutStarting(i, now);
            VirtualClient second = new VirtualClient(i, ctx, now, traced(i));
            second.startAway();
            synchronized (retired) {
                retired.add(old);
            }
            clients.set(i, second);
            second.start();
        }
    }

    private boolean traced(int index) {
        return config.traceUids().contains(config.uidPrefix() + index);
    }

    /** A seeded random fraction of the started clients not kicked (one decision of the run's seed per call). */
    List<VirtualClient> choose(double fraction) {
        if (fraction < 0 || fraction > 1) {
            throw new IllegalArgumentException("fraction must be in [0, 1], was " + fraction);
        }
        SplittableRandom r = Seeds.forDecision(config.seed(), ++decisions);
        List<VirtualClient> chosen = new ArrayList<>();
        for (int i = 0; i < started; i++) {
            VirtualClient c = clients.get(i);
            if (c != null && !c.kicked() && r.nextDouble() < fraction) {
                chosen.add(c);
            }
        }
        return chosen;
    }

    /** Runs an action on every current client (a replaced first device is not visited). */
    void forEach(Consumer<VirtualClient> action) {
        for (int i = 0; i < started; i++) {
            VirtualClient c = clients.get(i);
            if (c != null) {
                action.accept(c);
            }
        }
    }

    /** Every client ever started, the replaced first devices of kickouts first. */
    List<VirtualClient> everyClient() {
        List<VirtualClient> all;
        synchronized (retired) {
            all = new ArrayList<>(retired);
        }
        forEach(all::add);
        return all;
    }

    /**
     * Hands a new round about load phase {@code version} to every current client through {@code ask}
     * and seals it: it completes once each of them settled.
     */
    SettleRound round(int version, BiConsumer<VirtualClient, SettleRound> ask) {
        SettleRound round = new SettleRound(version);
        forEach(c -> ask.accept(c, round));
        round.seal();
        return round;
    }

    /** Stops every client, current and replaced, and waits for their threads to end. */
    void stopAll() throws InterruptedException {
        List<VirtualClient> all = everyClient();
        all.forEach(VirtualClient::stop);
        for (VirtualClient c : all) {
            c.join();
        }
    }
}
