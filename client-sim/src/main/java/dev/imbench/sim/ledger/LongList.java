package dev.imbench.sim.ledger;

import java.util.Arrays;

/** A growable long array (not thread-safe). */
final class LongList {
    private long[] a = new long[8];
    private int n;

    void add(long v) {
        if (n == a.length) {
            a = Arrays.copyOf(a, n * 2);
        }
        a[n++] = v;
    }

    int size() {
        return n;
    }

    long get(int i) {
        return a[i];
    }

    long[] sorted() {
        long[] r = Arrays.copyOf(a, n);
        Arrays.sort(r);
        return r;
    }
}
