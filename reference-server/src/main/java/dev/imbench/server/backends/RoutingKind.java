package dev.imbench.server.backends;

/** Where presence/routing and the business queues live. */
public enum RoutingKind {
    /** In-process maps and queues. */
    MEMORY,
    /** Redis: presence keys with TTL and one stream per business line. */
    REDIS
}
