package dev.imbench.sim.transport;

import java.io.IOException;

/** Thrown by send/receive once a connection is closed; carries the cause of the close. */
public final class ConnectionClosedException extends IOException {

    private final DisconnectCause cause;

    /** A closed-connection failure with its cause. */
    public ConnectionClosedException(DisconnectCause cause, String detail) {
        super("connection closed (" + cause.key() + ")" + (detail == null ? "" : ": " + detail));
        this.cause = cause;
    }

    /** Why the connection closed. */
    public DisconnectCause disconnectCause() {
        return cause;
    }
}
