package dev.imbench.sim.load;

import java.util.SplittableRandom;

/** Derives every generator of a run from the run seed, so the same seed repeats the same decisions. */
public final class Seeds {

    private Seeds() {
    }

    /** The generator of one client for one purpose (stream). */
    public static SplittableRandom forClient(long runSeed, int clientIndex, int stream) {
        return new SplittableRandom(mix(mix(runSeed) ^ (((long) stream << 32) | (clientIndex & 0xffffffffL))));
    }

    /** The generator of a simulation-wide decision (which clients churn, go offline, …). */
    public static SplittableRandom forDecision(long runSeed, long decision) {
        return new SplittableRandom(mix(runSeed * 31 + mix(decision + 0x632BE59BD9B4E019L)));
    }

    /** Stafford variant 13 of the 64-bit finalizer (as in SplittableRandom). */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
        z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
        return z ^ (z >>> 31);
    }
}
