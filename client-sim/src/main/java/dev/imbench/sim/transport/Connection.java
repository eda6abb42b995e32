package dev.imbench.sim.transport;

import dev.imbench.protocol.Frame;
import java.io.IOException;

/**
 * One client connection to a gate, used by one client thread at a time.
 *
 * <p>Inbound frames are queued by the transport; {@link #receive(long)} takes
 * them, with a timeout (a request waiting for its response) or without (a poll),
 * and {@link #onArrival} tells an idle client that something came.
 */
public interface Connection extends AutoCloseable {

    /** Sends one frame. Throws {@link ConnectionClosedException} once closed. */
    void send(Frame frame) throws IOException;

    /**
     * The next inbound frame, waiting up to {@code timeoutNanos}.
     *
     * @return the frame, or null when the time ran out (at once with a timeout of 0: a poll)
     * @throws ConnectionClosedException when the connection is closed and no frame is left
     */
    Frame receive(long timeoutNanos) throws IOException, InterruptedException;

    /**
     * Runs {@code hook} (on a transport thread) after each inbound frame or close is queued, so a client
     * that does not wait in {@link #receive(long)} learns of it; frames queued before are not signalled.
     */
    void onArrival(Runnable hook);

    /** Closes the connection, recording the cause unless a cause is already set. */
    void close(DisconnectCause cause, String detail);

    /** Closes with {@link DisconnectCause#PLANNED}. */
    @Override
    default void close() {
        close(DisconnectCause.PLANNED, null);
    }

    /** Whether the connection is still open. */
    boolean isOpen();

    /** Why the connection closed, or null while open. */
    DisconnectCause closeCause();

    /** A human-readable detail of the close (exception text), or null. */
    String closeDetail();
}
