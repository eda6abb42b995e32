package dev.imbench.sim.transport;

/** Why a connection ended; the keys of {@code counters.json} "disconnects". */
public enum DisconnectCause {
    /** The server closed the connection (clean end of stream). */
    SERVER_CLOSE("server_close"),
    /** The server sent a kickout (another device of the same type logged in). */
    KICKOUT("kickout"),
    /** An I/O error, a refused frame, or an ack/response timeout. */
    ERROR("error"),
    /** The simulation closed it on purpose (offline period, churn, stop). */
    PLANNED("planned");

    private final String key;

    DisconnectCause(String key) {
        this.key = key;
    }

    /** The name used in run files. */
    public String key() {
        return key;
    }
}
