package dev.imbench.chaos.toxic;

import java.util.Locale;

/** The direction of a byte stream a toxic applies to, named as in Toxiproxy. */
public enum Direction {
    /** Client to server. */
    UPSTREAM,
    /** Server to client. */
    DOWNSTREAM;

    /** Lower-case wire name ({@code upstream} / {@code downstream}). */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a stream name case-insensitively.
     *
     * @throws IllegalArgumentException naming the accepted values
     */
    public static Direction parse(String s) {
        if (s != null) {
            for (Direction d : values()) {
                if (d.name().equalsIgnoreCase(s.trim())) {
                    return d;
                }
            }
        }
        throw new IllegalArgumentException("stream must be upstream or downstream, got: " + s);
    }
}
