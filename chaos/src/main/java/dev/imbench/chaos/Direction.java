package dev.imbench.chaos;

import java.util.Locale;

/** Which way bytes flow through a toxic, in Toxiproxy's terms. */
public enum Direction {
    /** Client to server. */
    UPSTREAM,
    /** Server to client. */
    DOWNSTREAM;

    /**
     * Parses Toxiproxy's {@code stream} value, case-insensitively.
     *
     * @throws IllegalArgumentException for anything but upstream or downstream
     */
    public static Direction parse(String stream) {
        return switch (stream.toLowerCase(Locale.ROOT)) {
            case "upstream" -> UPSTREAM;
            case "downstream" -> DOWNSTREAM;
            default -> throw new IllegalArgumentException("stream must be upstream or downstream, got \"" + stream + "\"");
        };
    }

    /** The name as Toxiproxy writes it. */
    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
