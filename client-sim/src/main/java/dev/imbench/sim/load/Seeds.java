package dev.imbench.sim.load;

import java.util.SplittableRandom;

/**
 * Derives every generator of a run from the run seed, so the same seed repeats the same decisions.
 * Each purpose has a fixed key below; a generator never depends on a {@code hashCode()}, the clock or
 * the order in which threads ask for it.
 */
public final class Seeds {

    /** Which clients get which weak-network slice. */
    public static final long NETWORK_SLICES = 0x3C6EF372FE94F82BL;
    /** Which clients a fault concerns (one key per fault index). */
    public static final long FAULT_TARGETS = 0xA54FF53A5F1D36F1L;
    /** The toxics of one client's n-th connection on the in-JVM transport. */
    public static final long CONNECTION_TOXICS = 0x510E527FADE682D1L;
    /** The toxics of a proxy shared by clients of one slice and fault set (TCP). */
    public static final long PROXY_TOXICS = 0x9B05688C2B3E6C1FL;
    /** What a fault hits when the scenario leaves it to the seed (which gate, …; one key per fault index). */
    public static final long FAULT_CHOICES = 0x3F84D5B5B5470917L;
    /** The intended times and targets of the business server's s2c pushes (one key per phase version). */
    public static final long S2C_PUSHES = 0x1F83D9ABFB41BD6CL ^ 0x5BE0CD19137E2179L;
    /** Group sizes and members. */
    public static final long GROUPS = 0x6A09E667F3BCC909L;

    private static final long PHASE_ACTIONS = 0x1F83D9ABFB41BD6BL;

    private Seeds() {
    }

    /** The generator of one client for one purpose (stream). */
    public static SplittableRandom forClient(long runSeed, int clientIndex, int stream) {
        return new SplittableRandom(mix(mix(runSeed) ^ (((long) stream << 32) | (clientIndex & 0xffffffffL))));
    }

    /**
     * The generator of one client's actions (intended times, kinds, recipients) in one load phase: a
     * phase's schedule does not depend on how many actions earlier phases took.
     */
    public static SplittableRandom forClientPhase(long runSeed, int clientIndex, int phaseVersion) {
        return new SplittableRandom(seed(runSeed, PHASE_ACTIONS, clientIndex, phaseVersion));
    }

    /** The generator of a simulation-wide decision (which clients churn, go offline, …). */
    public static SplittableRandom forDecision(long runSeed, long decision) {
        return new SplittableRandom(mix(runSeed * 31 + mix(decision + 0x632BE59BD9B4E019L)));
    }

    /** The generator of a purpose (one of the keys above) and its indexes. */
    public static SplittableRandom forPurpose(long runSeed, long purpose, long... indexes) {
        return new SplittableRandom(seed(runSeed, purpose, indexes));
    }

    /** A seed for a component that takes a {@code long} (a proxy, …): the same inputs, the same seed. */
    public static long seed(long runSeed, long purpose, long... indexes) {
        long z = mix(mix(runSeed) ^ purpose);
        for (long i : indexes) {
            z = mix(z ^ mix(i + 0x9E3779B97F4A7C15L));
        }
        return z;
    }

    /** Stafford variant 13 of the 64-bit finalizer (as in SplittableRandom). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
