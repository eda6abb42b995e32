package dev.imbench.sim.transport;

import java.io.IOException;

/** Opens connections to a gate for virtual clients. Thread-safe. */
public interface Transport extends AutoCloseable {

    /**
     * Opens a connection for the client with the given index (used to spread
     * clients over source addresses or toxics).
     */
    Connection connect(int clientIndex, TransportListener listener) throws IOException;

    /** Releases transport-wide resources (event loops). */
    @Override
    void close();
}
