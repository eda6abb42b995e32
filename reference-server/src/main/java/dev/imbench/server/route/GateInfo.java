package dev.imbench.server.route;

/**
 * A gate's client-facing addresses, as announced in routing and listed by {@code /iplist}.
 *
 * @param id  gate id (what routes name)
 * @param tcp {@code host:port} of its TCP listener, or empty
 * @param ws  {@code ws://…} URI of its WebSocket endpoint, or empty
 */
public record GateInfo(String id, String tcp, String ws) {

    private static final String SEP = "\u001f";

    /** Checks the fields (none null, id not blank, no separator characters). */
    public GateInfo {
        if (id == null || id.isBlank() || tcp == null || ws == null) {
            throw new IllegalArgumentException("gate id must not be blank, addresses not null");
        }
        if ((id + tcp + ws).contains(SEP)) {
            throw new IllegalArgumentException("gate fields must not contain U+001F");
        }
    }

    /** One string holding every field (a Redis set member). */
    public String encode() {
        return id + SEP + tcp + SEP + ws;
    }

    /** The inverse of {@link #encode()}. */
    public static GateInfo decode(String s) {
        String[] p = s.split(SEP, -1);
        if (p.length != 3) {
            throw new IllegalArgumentException("not an encoded gate: " + s);
        }
        return new GateInfo(p[0], p[1], p[2]);
    }
}
