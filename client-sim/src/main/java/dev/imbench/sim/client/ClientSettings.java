package dev.imbench.sim.client;

import java.time.Duration;

/**
 * Per-client behaviour knobs, with named defaults.
 *
 * @param heartbeatNanos       keepalive interval
 * @param ackTimeoutNanos      how long a send waits for its ack before the client reconnects and resends
 * @param responseTimeoutNanos how long auth, pull and ctrl requests wait
 * @param pullPageSize         limit of each pull request
 * @param backoff              reconnect and retry backoff
 */
public record ClientSettings(long heartbeatNanos, long ackTimeoutNanos, long responseTimeoutNanos, int pullPageSize,
                             Backoff backoff) {

    /** Default heartbeat: 30 s. */
    public static final Duration HEARTBEAT_DEFAULT = Duration.ofSeconds(30);
    /** Default ack timeout: 5 s. */
    public static final Duration ACK_TIMEOUT_DEFAULT = Duration.ofSeconds(5);
    /** Default response timeout: 10 s. */
    public static final Duration RESPONSE_TIMEOUT_DEFAULT = Duration.ofSeconds(10);
    /** Default pull page: 50 messages. */
    public static final int PULL_PAGE_DEFAULT = 50;
    /** Default backoff: 100 ms doubling to 5 s. */
    public static final Backoff BACKOFF_DEFAULT = new Backoff(100_000_000L, 5_000_000_000L);

    /** The defaults. */
    public static final ClientSettings DEFAULTS = new ClientSettings(HEARTBEAT_DEFAULT.toNanos(),
            ACK_TIMEOUT_DEFAULT.toNanos(), RESPONSE_TIMEOUT_DEFAULT.toNanos(), PULL_PAGE_DEFAULT, BACKOFF_DEFAULT);

    /** Validates the values. */
    public ClientSettings {
        if (heartbeatNanos <= 0 || ackTimeoutNanos <= 0 || responseTimeoutNanos <= 0) {
            throw new IllegalArgumentException("intervals and timeouts must be > 0");
        }
        if (pullPageSize < 1) {
            throw new IllegalArgumentException("pullPageSize must be >= 1, was " + pullPageSize);
        }
    }
}
