package dev.imbench.sim.ledger;

import java.util.Arrays;

/**
 * One sender's messages in parallel primitive arrays (row = counter - 1), and
 * one delivery slot per expected recipient of each message (c2c: one slot,
 * c2g: one per group member). Synchronized: the sender appends, recipients'
 * threads record arrivals.
 */
final class SenderLog {

    /** Flag bit: the first arrival came in a pull page. The bits above count app-visible duplicates (to 127). */
    static final byte BY_PULL = 1;

    int count;
    int[] target = new int[4];
    long[] intended = new long[4];
    long[] sent = new long[4];
    long[] acked = new long[4];
    int[] slotBase = new int[4];

    int slots;
    byte[] wire = new byte[4];
    byte[] flags = new byte[4];
    long[] firstMsgid = new long[4];
    int[] recvSeq = new int[4];
    int[] recvMs = new int[4];

    /** Appends a message; returns its counter (from 1). */
    synchronized int append(int tgt, long intendedNanos, int slotCount) {
        if (count == target.length) {
            int n = count * 2;
            target = Arrays.copyOf(target, n);
            intended = Arrays.copyOf(intended, n);
            sent = Arrays.copyOf(sent, n);
            acked = Arrays.copyOf(acked, n);
            slotBase = Arrays.copyOf(slotBase, n);
        }
        if (slots + slotCount > wire.length) {
            int n = Math.max(wire.length * 2, slots + slotCount);
            wire = Arrays.copyOf(wire, n);
            flags = Arrays.copyOf(flags, n);
            firstMsgid = Arrays.copyOf(firstMsgid, n);
            recvSeq = Arrays.copyOf(recvSeq, n);
            recvMs = Arrays.copyOf(recvMs, n);
        }
        target[count] = tgt;
        intended[count] = intendedNanos;
        slotBase[count] = slots;
        slots += slotCount;
        return ++count;
    }

    /** Drops the spare capacity of the arrays (a log that no longer grows: the merge's). */
    synchronized void trim() {
        target = Arrays.copyOf(target, count);
        intended = Arrays.copyOf(intended, count);
        sent = Arrays.copyOf(sent, count);
        acked = Arrays.copyOf(acked, count);
        slotBase = Arrays.copyOf(slotBase, count);
        wire = Arrays.copyOf(wire, slots);
        flags = Arrays.copyOf(flags, slots);
        firstMsgid = Arrays.copyOf(firstMsgid, slots);
        recvSeq = Arrays.copyOf(recvSeq, slots);
        recvMs = Arrays.copyOf(recvMs, slots);
    }

    synchronized void markSent(int row, long nanos) {
        if (sent[row] == 0) {
            sent[row] = nanos;
        }
    }

    synchronized void markAcked(int row, long nanos) {
        if (acked[row] == 0) {
            acked[row] = nanos;
        }
    }

    /** One more arrival of slot {@code s} under another server msgid (saturates at 127). */
    void countAppDuplicate(int s) {
        int dups = appDuplicates(s);
        if (dups < 127) {
            flags[s] = (byte) ((flags[s] & BY_PULL) | ((dups + 1) << 1));
        }
    }

    /** App-visible duplicates of slot {@code s}. */
    int appDuplicates(int s) {
        return (flags[s] & 0xff) >>> 1;
    }

    synchronized int size() {
        return count;
    }

    synchronized int slotCount(int row) {
        return (row + 1 < count ? slotBase[row + 1] : slots) - slotBase[row];
    }
}
