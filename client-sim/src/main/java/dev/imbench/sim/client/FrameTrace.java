package dev.imbench.sim.client;

import dev.imbench.protocol.Frame;
import dev.imbench.sim.transport.TransportListener;
import com.google.protobuf.TextFormat;

/**
 * Frame-level trace of one client: every frame in and out with its time (ms
 * since the run start, microsecond precision), for reproducing a weak-network
 * bug. Wraps the listener that counts bytes.
 */
public final class FrameTrace implements TransportListener {

    private final TransportListener next;
    private final long originNanos;
    private final StringBuilder lines = new StringBuilder();

    /** A trace forwarding to {@code next}. */
    public FrameTrace(TransportListener next, long originNanos) {
        this.next = next;
        this.originNanos = originNanos;
    }

    @Override
    public void sent(Frame frame, int bytes) {
        line("out", frame, bytes);
        next.sent(frame, bytes);
    }

    @Override
    public void received(Frame frame, int bytes) {
        line("in ", frame, bytes);
        next.received(frame, bytes);
    }

    /** Adds a free-form event (connect, close, backoff). */
    public synchronized void note(String text) {
        lines.append(String.format("%12.3f ---  %s%n", (System.nanoTime() - originNanos) / 1e6, text));
    }

    private synchronized void line(String dir, Frame f, int bytes) {
        lines.append(String.format("%12.3f %s %s seq=%d bytes=%d {%s}%n", (System.nanoTime() - originNanos) / 1e6,
                dir, f.cmd(), f.seq(), bytes, TextFormat.printer().emittingSingleLine(true).printToString(f.body())));
    }

    /** The trace so far. */
    public synchronized String text() {
        return lines.toString();
    }
}
