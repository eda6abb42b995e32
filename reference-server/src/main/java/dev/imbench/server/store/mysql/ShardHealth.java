package dev.imbench.server.store.mysql;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Whether one shard's MySQL can be reached. After a failure to reach it (a connection refused, reset or timed out)
 * every call fails at once ({@link #check}) for {@link #RETRY_AFTER_MS} ms instead of each waiting out the pool's
 * connect timeout; then one call at a time is let through as a probe (the others still fail at once) until one
 * succeeds. Callers that block on the store (the logic lanes) thus answer {@code ERR_STORE_FAILED} at once during an
 * outage, rather than queue behind seconds-long waits that outlast their clients' timeouts.
 */
final class ShardHealth {

    /** How long calls fail at once after a reach failure before the next probe. */
    static final long RETRY_AFTER_MS = 200;
    /** How long one probe call may take before another is let through (the pool's connect timeout and more). */
    static final long PROBE_LEASE_MS = 2_500;

    private final int shard;
    /** 0 while reachable; else calls fail at once until this {@link System#nanoTime()}. */
    private final AtomicLong failFastUntil = new AtomicLong();
    /** While a probe is under way: until when it holds the lease. */
    private final AtomicLong probeUntil = new AtomicLong();
    private volatile String lastFailure = "";

    ShardHealth(int shard) {
        this.shard = shard;
    }

    /** Throws {@link IllegalStateException} at once while the shard is unreachable, unless this call is the probe. */
    void check() {
        long until = failFastUntil.get();
        if (until == 0) {
            return;
        }
        long now = System.nanoTime();
        if (now - until >= 0) {
            long lease = probeUntil.get();
            if ((lease == 0 || now - lease >= 0)
                    && probeUntil.compareAndSet(lease, now + TimeUnit.MILLISECONDS.toNanos(PROBE_LEASE_MS))) {
                return; // this call probes
            }
        }
        throw new IllegalStateException("MySQL shard " + shard + " unreachable (" + lastFailure
                + "): failing at once until it answers again");
    }

    /** Whether calls fail at once now (a batch queued before the outage was known fails without trying). */
    boolean failingFast() {
        long until = failFastUntil.get();
        return until != 0 && System.nanoTime() - until < 0;
    }

    /** Whether the shard is unreachable (failing fast or probing). */
    boolean isUnreachable() {
        return failFastUntil.get() != 0;
    }

    /** A call on the shard worked: it is reachable. */
    void succeeded() {
        if (failFastUntil.get() != 0) {
            failFastUntil.set(0);
            probeUntil.set(0);
        }
    }

    /** A call on the shard failed with {@code ex}: if it could not reach MySQL, calls fail at once for a while. */
    void failed(SQLException ex) {
        if (!reachFailure(ex)) {
            return;
        }
        lastFailure = String.valueOf(ex.getMessage());
        long next = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(RETRY_AFTER_MS);
        failFastUntil.set(next == 0 ? 1 : next);
        probeUntil.set(0);
    }

    /**
     * Whether {@code ex} says MySQL could not be reached (SQLState class 08, a connection exception, or the pool
     * could not open one) rather than refused a statement. A pool timeout without a connect failure behind it is
     * contention, not an outage.
     */
    static boolean reachFailure(SQLException ex) {
        if (ex instanceof SQLTransientConnectionException) {
            return ex.getCause() != null;
        }
        String state = ex.getSQLState();
        return ex instanceof SQLNonTransientConnectionException || ex instanceof SQLRecoverableException
                || (state != null && state.startsWith("08"));
    }
}
