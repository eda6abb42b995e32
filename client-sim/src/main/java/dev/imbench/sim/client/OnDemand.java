package dev.imbench.sim.client;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.locks.LockSupport;

/**
 * A client's thread on demand: {@link #signal()} starts a virtual thread for the work unless one runs (then
 * that one goes round once more), and the thread ends as soon as the work is idle, having asked the shared
 * {@link ClientTimer} to signal again when the work wants it. So an idle client holds no parked thread and
 * no frozen stack, and there is never more than one thread per client. No signal is lost: one that comes
 * while the thread finishes makes it go round again.
 */
final class OnDemand {

    /** Work done in one activation: returns when to be signalled next, {@link Long#MAX_VALUE} for only by events, or {@link #DONE}. */
    @FunctionalInterface
    interface Work {
        long run();
    }

    /** What {@link Work#run()} returns when the client is done for good. */
    static final long DONE = Long.MIN_VALUE;

    private static final int IDLE = 0;
    private static final int RUNNING = 1;
    /** Running, and signalled meanwhile: go round once more before idling. */
    private static final int RUNNING_SIGNALLED = 2;
    private static final int ENDED = 3;
    private static final ThreadFactory THREADS = Thread.ofVirtual().name("client").factory();
    private static final VarHandle STATE;
    private static final VarHandle WAKE_AT;

    static {
        try {
            MethodHandles.Lookup l = MethodHandles.lookup();
            STATE = l.findVarHandle(OnDemand.class, "state", int.class);
            WAKE_AT = l.findVarHandle(OnDemand.class, "wakeAt", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    private final ClientTimer timer;
    private final Work work;
    private final Runnable last;
    private volatile int state;
    /** The earliest wake-up asked of the timer and not fired yet (0: none). */
    private volatile long wakeAt;
    /** The thread waiting in {@link #awaitEnd()}, woken when the client ends (null: none). */
    private volatile Thread waiter;

    /** {@code last} runs on the final activation, after the work returned {@link #DONE} (or threw). */
    OnDemand(ClientTimer timer, Work work, Runnable last) {
        this.timer = timer;
        this.work = work;
        this.last = last;
    }

    /** Has the work run: now on a new thread when idle, or once more by the running thread. Any thread. */
    void signal() {
        while (true) {
            int s = state;
            if (s == RUNNING_SIGNALLED || s == ENDED) {
                return;
            }
            int next = s == IDLE ? RUNNING : RUNNING_SIGNALLED;
            if (STATE.compareAndSet(this, s, next)) {
                if (s == IDLE) {
                    THREADS.newThread(this::activation).start();
                }
                return;
            }
        }
    }

    private void activation() {
        boolean done = true;
        try {
            while (true) {
                long at = work.run();
                if (at == DONE) {
                    return;
                }
                askTimer(at);
                if (STATE.compareAndSet(this, RUNNING, IDLE)) {
                    done = false;
                    return;
                }
                state = RUNNING; // signalled meanwhile: only this thread leaves RUNNING_SIGNALLED
            }
        } finally {
            if (done) {
                try {
                    last.run();
                } finally {
                    state = ENDED;
                    Thread w = waiter;
                    if (w != null) {
                        LockSupport.unpark(w);
                    }
                }
            }
        }
    }

    /** One timer entry per client at a time, for its earliest wake-up; a later one that fires early costs a look. */
    private void askTimer(long at) {
        if (at == Long.MAX_VALUE) {
            return;
        }
        long pending = wakeAt;
        if (pending != 0 && pending <= at) {
            return;
        }
        wakeAt = at;
        timer.at(at, () -> {
            WAKE_AT.compareAndSet(this, at, 0L);
            signal();
        });
    }

    /** Whether the client has ended for good. */
    boolean ended() {
        return state == ENDED;
    }

    /** Waits until the client has ended. */
    void awaitEnd() throws InterruptedException {
        waiter = Thread.currentThread();
        try {
            while (state != ENDED) {
                LockSupport.park(this); // unparked when the state becomes ENDED (or spuriously: look again)
                if (Thread.interrupted()) {
                    throw new InterruptedException("waiting for a client to end");
                }
            }
        } finally {
            waiter = null;
        }
    }

}
