package dev.imbench.sim.transport;

import dev.imbench.protocol.Frame;

/**
 * Observes frames and bytes on a connection (counters, frame trace). Called on
 * transport threads; implementations must be cheap and thread-safe.
 */
public interface TransportListener {

    /** A frame was written; {@code bytes} is its encoded size. */
    void sent(Frame frame, int bytes);

    /** A frame arrived; {@code bytes} is its encoded size. */
    void received(Frame frame, int bytes);

    /** A listener that ignores everything. */
    TransportListener NONE = new TransportListener() {
        @Override
        public void sent(Frame frame, int bytes) {
        }

        @Override
        public void received(Frame frame, int bytes) {
        }
    };

    /** The encoded size of a frame: the 20-byte header plus the body. */
    static int sizeOf(Frame frame) {
        return 20 + frame.body().getSerializedSize();
    }
}
