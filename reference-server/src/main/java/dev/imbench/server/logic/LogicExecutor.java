package dev.imbench.server.logic;

import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.ErrorCode;
import dev.imbench.server.gate.FrameSink;
import dev.imbench.server.gate.Session;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Where the logic runs. With 0 threads, directly on the gate's event loop (right for the embedded
 * back ends, which never block). With N threads, each session is pinned to one single-threaded
 * executor (session id mod N), so a session's frames stay in order while blocking back ends (MySQL,
 * Redis) do not stall I/O. A full queue answers the request with {@code ERR_OVERLOADED}.
 */
public final class LogicExecutor implements FrameSink, AutoCloseable {

    private final FrameSink logic;
    private final ThreadPoolExecutor[] lanes;

    /** Runs {@code logic} on {@code threads} lanes (0 = inline) with {@code capacity} queued frames each. */
    public LogicExecutor(FrameSink logic, int threads, int capacity) {
        this.logic = logic;
        this.lanes = new ThreadPoolExecutor[threads];
        for (int i = 0; i < threads; i++) {
            String name = "imbench-logic-" + i;
            lanes[i] = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(capacity), r -> {
                Thread t = new Thread(r, name);
                t.setDaemon(true);
                return t;
            });
        }
    }

    @Override
    public void onFrame(Session session, Frame frame) {
        if (lanes.length == 0) {
            logic.onFrame(session, frame);
            return;
        }
        try {
            lane(session).execute(() -> {
                try {
                    logic.onFrame(session, frame);
                } catch (RuntimeException e) {
                    session.error(frame.seq(), frame.cmd().getNumber(), ErrorCode.ERR_INTERNAL,
                            "internal error: " + Failures.brief(e));
                }
            });
        } catch (RejectedExecutionException e) {
            session.error(frame.seq(), frame.cmd().getNumber(), ErrorCode.ERR_OVERLOADED, "logic queue full, retry later");
        }
    }

    @Override
    public void onClosed(Session session) {
        if (lanes.length == 0) {
            logic.onClosed(session);
            return;
        }
        ThreadPoolExecutor lane = lane(session);
        try {
            lane.execute(() -> {
                try {
                    logic.onClosed(session);
                } catch (RuntimeException e) {
                    // Routing unreachable (Redis down or cut): the route expires with its TTL instead.
                }
            });
        } catch (RejectedExecutionException e) {
            // Queue full or shutting down: unbinding the route must still happen.
            logic.onClosed(session);
        }
    }

    private ThreadPoolExecutor lane(Session s) {
        return lanes[(int) Math.floorMod(s.id(), (long) lanes.length)];
    }

    /** Runs every queued frame to completion, then stops the lanes. */
    @Override
    public void close() {
        for (ThreadPoolExecutor lane : lanes) {
            lane.shutdown();
        }
        for (ThreadPoolExecutor lane : lanes) {
            try {
                lane.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** Stops the lanes at once: queued frames are dropped, running ones are interrupted (a killed process). */
    public void halt() {
        for (ThreadPoolExecutor lane : lanes) {
            lane.shutdownNow();
        }
    }
}
