package dev.imbench.reports;

import java.util.Arrays;

/**
 * The e2e latency of each first arrival of a cross-shard message, for the merged latency logs: no shard's
 * own log holds these (the sender's shard never sees the arrival, the recipient's never the send). Three
 * ints a sample (12 bytes): the arrival in ms since the merged start, negated when it came by pull; the
 * corrected and the raw latency in µs, unsigned (up to 71 minutes, past the logs' one-hour range).
 */
final class CrossShardSamples {

    private final long originEpochMs;
    private int[] at;
    private int[] corrected;
    private int[] raw;
    private int n;

    /** No samples (a merge without cross-shard messages, or a test). */
    CrossShardSamples() {
        this(0, 16);
    }

    /**
     * @param originEpochMs the merged start (epoch ms): sample times count from it
     * @param capacity      how many samples to make room for at once (the shards' arrivals: no growth)
     */
    CrossShardSamples(long originEpochMs, int capacity) {
        this.originEpochMs = originEpochMs;
        int c = Math.max(16, capacity);
        this.at = new int[c];
        this.corrected = new int[c];
        this.raw = new int[c];
    }

    void add(long atEpochMs, long correctedUs, long rawUs, boolean viaPull) {
        if (n == at.length) {
            int c = n + (n >> 1);
            at = Arrays.copyOf(at, c);
            corrected = Arrays.copyOf(corrected, c);
            raw = Arrays.copyOf(raw, c);
        }
        long ms = Math.max(0, atEpochMs - originEpochMs);
        at[n] = viaPull ? (int) -(ms + 1) : (int) ms;
        corrected[n] = (int) Math.min(correctedUs, 0xffff_ffffL);
        raw[n] = (int) Math.min(rawUs, 0xffff_ffffL);
        n++;
    }

    int size() {
        return n;
    }

    /** Arrival, epoch ms. */
    long atMs(int i) {
        return originEpochMs + (at[i] < 0 ? -(long) at[i] - 1 : at[i]);
    }

    /** Intended send, epoch ms: the arrival less the corrected latency. */
    long intendedMs(int i) {
        return atMs(i) - correctedUs(i) / 1000;
    }

    long correctedUs(int i) {
        return Integer.toUnsignedLong(corrected[i]);
    }

    long rawUs(int i) {
        return Integer.toUnsignedLong(raw[i]);
    }

    boolean viaPull(int i) {
        return at[i] < 0;
    }
}
