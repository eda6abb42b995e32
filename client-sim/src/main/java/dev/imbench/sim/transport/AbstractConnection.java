package dev.imbench.sim.transport;

import dev.imbench.protocol.Frame;
import java.io.IOException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The inbox and close bookkeeping shared by every transport: inbound frames go
 * into a queue the client's virtual thread takes from; a close enqueues a marker
 * so a blocked receiver learns about it after the frames that came before.
 */
abstract class AbstractConnection implements Connection {

    private static final Object WAKE = new Object();
    private static final Object CLOSED = new Object();

    private final LinkedBlockingQueue<Object> inbox = new LinkedBlockingQueue<>();
    protected final TransportListener listener;
    private volatile DisconnectCause closeCause;
    private volatile String closeDetail;
    private boolean sawClosed;

    AbstractConnection(TransportListener listener) {
        this.listener = listener;
    }

    /** Called by the transport for each inbound frame. */
    final void deliver(Frame frame) {
        listener.received(frame, TransportListener.sizeOf(frame));
        inbox.offer(frame);
    }

    /** Called by the transport when the peer or an error ended the connection. */
    final void closedBy(DisconnectCause cause, String detail) {
        if (markClosed(cause, detail)) {
            inbox.offer(CLOSED);
        }
    }

    private synchronized boolean markClosed(DisconnectCause cause, String detail) {
        if (closeCause != null) {
            return false;
        }
        closeDetail = detail;
        closeCause = cause;
        return true;
    }

    @Override
    public final void send(Frame frame) throws IOException {
        DisconnectCause cause = closeCause;
        if (cause != null) {
            throw new ConnectionClosedException(cause, closeDetail);
        }
        doSend(frame);
        listener.sent(frame, TransportListener.sizeOf(frame));
    }

    @Override
    public final Frame receive(long timeoutNanos) throws IOException, InterruptedException {
        if (sawClosed && inbox.isEmpty()) {
            throw new ConnectionClosedException(closeCause, closeDetail);
        }
        Object o = timeoutNanos <= 0 ? inbox.poll() : inbox.poll(timeoutNanos, TimeUnit.NANOSECONDS);
        if (o == CLOSED) {
            sawClosed = true;
            throw new ConnectionClosedException(closeCause, closeDetail);
        }
        return o == WAKE ? null : (Frame) o;
    }

    @Override
    public final void wakeUp() {
        inbox.offer(WAKE);
    }

    @Override
    public final void close(DisconnectCause cause, String detail) {
        closedBy(cause, detail);
        doClose();
    }

    @Override
    public final boolean isOpen() {
        return closeCause == null;
    }

    @Override
    public final DisconnectCause closeCause() {
        return closeCause;
    }

    @Override
    public final String closeDetail() {
        return closeDetail;
    }

    /** Writes the frame to the wire. */
    abstract void doSend(Frame frame) throws IOException;

    /** Releases the wire resources; idempotent. */
    abstract void doClose();
}
