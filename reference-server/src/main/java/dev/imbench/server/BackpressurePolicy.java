package dev.imbench.server;

/** What the gate does with a client whose outbound buffer passed the high water mark. */
public enum BackpressurePolicy {
    /** Stop reading from that client until its buffer drains below the low water mark. */
    PAUSE_READ,
    /** Close that client's connection. */
    CLOSE
}
