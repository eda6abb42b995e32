package dev.imbench.sim.transport;

import dev.imbench.protocol.Frame;
import java.io.IOException;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;

/**
 * The inbox and close bookkeeping shared by every transport: inbound frames go
 * into a queue the client's virtual thread takes from; a close enqueues a marker
 * so a blocked receiver learns about it after the frames that came before.
 */
abstract class AbstractConnection implements Connection {

    private static final Object CLOSED = new Object();

    // A lock-free queue and a parked single consumer: ~50 bytes idle, against ~300 for a
    // LinkedBlockingQueue with its locks and conditions (it matters at a million clients).
    private final ConcurrentLinkedQueue<Object> inbox = new ConcurrentLinkedQueue<>();
    private volatile Thread waiter;
    private volatile Runnable arrivalHook;
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
        enqueue(frame);
    }

    private void enqueue(Object o) {
        inbox.offer(o);
        Thread w = waiter;
        if (w != null) {
            LockSupport.unpark(w);
        }
        Runnable hook = arrivalHook;
        if (hook != null) {
            hook.run();
        }
    }

    /** Called by the transport when the peer or an error ended the connection. */
    final void closedBy(DisconnectCause cause, String detail) {
        if (markClosed(cause, detail)) {
            enqueue(CLOSED);
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
        Object o = inbox.poll();
        if (o == null && timeoutNanos > 0) {
            o = await(timeoutNanos);
        }
        if (o == CLOSED) {
            sawClosed = true;
            throw new ConnectionClosedException(closeCause, closeDetail);
        }
        return (Frame) o;
    }

    /** Parks the (single) receiving thread until an element arrives or the time runs out. */
    private Object await(long timeoutNanos) throws InterruptedException {
        long deadline = System.nanoTime() + timeoutNanos;
        waiter = Thread.currentThread();
        try {
            Object o;
            while ((o = inbox.poll()) == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                LockSupport.parkNanos(this, left);
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
            }
            return o;
        } finally {
            waiter = null;
        }
    }

    @Override
    public final void onArrival(Runnable hook) {
        arrivalHook = hook;
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
