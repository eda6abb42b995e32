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
 * @param maxSendAttempts      ack timeouts after which the app gives a message up ("failed to send")
 */
public record ClientSettings(long heartbeatNanos, long ackTimeoutNanos, long responseTimeoutNanos, int pullPageSize,
                             Backoff backoff, int maxSendAttempts) {

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

    /** Default attempts per message: 5. */
    public static final int MAX_SEND_ATTEMPTS_DEFAULT = 5;

    /** The defaults. */
    public static final ClientSettings DEFAULTS = new ClientSettings(HEARTBEAT_DEFAULT.toNanos(),
            ACK_TIMEOUT_DEFAULT.toNanos(), RESPONSE_TIMEOUT_DEFAULT.toNanos(), PULL_PAGE_DEFAULT, BACKOFF_DEFAULT,
            MAX_SEND_ATTEMPTS_DEFAULT);

    /** A copy with other timeouts (tests and weak-network scenarios). */
    public ClientSettings withTimeouts(java.time.Duration heartbeat, java.time.Duration ackTimeout,
                                       java.time.Duration responseTimeout) {
        return new ClientSettings(heartbeat.toNanos(), ackTimeout.toNanos(), responseTimeout.toNanos(), pullPageSize,
                backoff, maxSendAttempts);
    }

    /** A copy with another backoff and attempt limit. */
    public ClientSettings withRetries(Backoff retryBackoff, int attempts) {
        return new ClientSettings(heartbeatNanos, ackTimeoutNanos, responseTimeoutNanos, pullPageSize, retryBackoff,
                attempts);
    }

    /** A copy with another pull page size. */
    public ClientSettings withPullPageSize(int size) {
        return new ClientSettings(heartbeatNanos, ackTimeoutNanos, responseTimeoutNanos, size, backoff,
                maxSendAttempts);
    }

    /** Validates the values. */
    public ClientSettings {
        if (heartbeatNanos <= 0 || ackTimeoutNanos <= 0 || responseTimeoutNanos <= 0) {
            throw new IllegalArgumentException("intervals and timeouts must be > 0");
        }
        if (maxSendAttempts < 1) {
            throw new IllegalArgumentException("maxSendAttempts must be >= 1, was " + maxSendAttempts);
        }
        if (pullPageSize < 1) {
            throw new IllegalArgumentException("pullPageSize must be >= 1, was " + pullPageSize);
        }
    }
}
