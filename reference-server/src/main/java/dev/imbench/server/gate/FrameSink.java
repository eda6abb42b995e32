package dev.imbench.server.gate;

import dev.imbench.protocol.Frame;

/** Where the gate hands the frames it accepted: the logic. Called on the channel's event loop. */
public interface FrameSink {

    /** A frame from {@code session} that passed the gate's checks (keepalives never arrive here). */
    void onFrame(Session session, Frame frame);

    /** The session's connection closed. */
    void onClosed(Session session);
}
