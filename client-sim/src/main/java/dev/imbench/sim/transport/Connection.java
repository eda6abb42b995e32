package dev.imbench.sim.transport;

import dev.imbench.protocol.Frame;
import java.io.IOException;

/**
 * One client connection to a gate, used by a single virtual thread.
 *
 * <p>Inbound frames are queued by the transport; {@link #receive(long)} takes
 * them with a timeout, so a client can wait for "the next frame or my next
 * scheduled action, whichever comes first" without partial reads.
 */
public interface Connection extends AutoCloseable {

    /** Sends one frame. Throws {@link ConnectionClosedException} once closed. */
    void send(Frame frame) throws IOException;

    /**
     * The next inbound frame, waiting up to {@code timeoutNanos}.
     *
     * @return the frame, or null when the time ran out or {@link #wakeUp()} was called
     * @throws ConnectionClosedException when the connection is closed and no frame is left
     */
    Frame receive(long timeoutNanos) throws IOException, InterruptedException;

    /** Makes a blocked {@link #receive(long)} return null early (from any thread). */
    void wakeUp();

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
