package dev.imbench.serverfault;

import java.util.Locale;

/** How a cut connection path fails. */
public enum CutMode {
    /**
     * Every open connection is reset and new ones are refused (the listener is closed): the server
     * sees errors at once, as when the peer's host is down or its port closed.
     */
    RESET,
    /**
     * Connections stay open and new ones are accepted, but no byte passes either way: the server's
     * calls hang until its own timeouts, as behind a dead router. Lifting closes the connections that
     * were held, so pools reconnect.
     */
    BLACKHOLE;

    /** The mode named {@code reset} or {@code blackhole}. */
    public static CutMode parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "reset" -> RESET;
            case "blackhole", "black-hole" -> BLACKHOLE;
            default -> throw new IllegalArgumentException("mode must be reset or blackhole, got '" + name + "'");
        };
    }

    /** The name scenarios use. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
