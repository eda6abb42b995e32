package dev.imbench.sim.client;

import dev.imbench.protocol.Frame;
import java.io.IOException;

/**
 * Work the simulation hands to a logged-in client (creating a group, say); runs
 * on the client's own thread between its scheduled actions.
 */
@FunctionalInterface
public interface ClientTask {

    /** Runs the task; {@code requester} sends a request and returns its response. */
    void run(Requester requester) throws IOException;

    /** Sends a request frame (its seq is assigned) and waits for the response or error. */
    @FunctionalInterface
    interface Requester {
        /** The response frame (the matching …_RESP or ERROR_RESP). */
        Frame request(dev.imbench.protocol.pb.CmdId cmd, com.google.protobuf.Message body) throws IOException;
    }
}
