package dev.imbench.sim.client;

import dev.imbench.protocol.pb.ErrorCode;
import dev.imbench.sim.transport.ConnectionClosedException;
import dev.imbench.sim.transport.DisconnectCause;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * A client's sends that wait for their ack: what to resend on a new connection, when a send retried after
 * an error answer is due again, when a missing ack means the connection is dead, and when a message is
 * given up. It writes nothing itself: the client's {@link Transmitter} puts each (re)send on the wire.
 * Used by the client's thread only.
 */
final class Outbox {

    /** Puts one send on the wire (a resend keeps its client message id); sets its seq and ack deadline. */
    @FunctionalInterface
    interface Transmitter {
        void transmit(PendingSend p, boolean resend) throws IOException;
    }

    private final List<PendingSend> pending = new ArrayList<>();
    private final ClientSettings settings;
    private final SplittableRandom jitter;
    private final Runnable abandoned;

    /** {@code jitter} draws the retry backoff; {@code abandoned} counts a message given up after its last ack timeout. */
    Outbox(ClientSettings settings, SplittableRandom jitter, Runnable abandoned) {
        this.settings = settings;
        this.jitter = jitter;
        this.abandoned = abandoned;
    }

    /** No send waits for its ack. */
    boolean isEmpty() {
        return pending.isEmpty();
    }

    /** Sends waiting for their ack. */
    int size() {
        return pending.size();
    }

    /** Puts a new send in and transmits it. */
    void send(PendingSend p, Transmitter wire) throws IOException {
        pending.add(p);
        wire.transmit(p, false);
    }

    /** A new connection: every unacked send goes out again, with its original client message id. */
    void resendAll(Transmitter wire) throws IOException {
        for (PendingSend p : pending) {
            wire.transmit(p, true);
        }
    }

    /** The ack of client message id {@code id}: the send it ends, taken out, or null when none waits (a late duplicate). */
    PendingSend acked(long id) {
        for (int i = 0; i < pending.size(); i++) {
            PendingSend p = pending.get(i);
            if (p.id == id) {
                pending.remove(i);
                return p;
            }
        }
        return null;
    }

    /**
     * An error answer to the send of {@code seq}: a server that could not finish (store failed, overloaded,
     * internal: e.g. stored but routing down) asks for the resend, after backoff; any other error drops it.
     */
    void failed(int seq, ErrorCode code, long now) {
        for (int i = 0; i < pending.size(); i++) {
            PendingSend p = pending.get(i);
            if (p.seq == seq) {
                if (code == ErrorCode.ERR_STORE_FAILED || code == ErrorCode.ERR_OVERLOADED || code == ErrorCode.ERR_INTERNAL) {
                    p.resendAtNanos = now + settings.backoff().delayNanos(p.retries++, jitter);
                } else {
                    pending.remove(i);
                }
                return;
            }
        }
    }

    /**
     * Resends what is due again at {@code now} and returns the earliest of {@code wake} and the next time a
     * send falls due (a retry or an ack deadline). A missing ack usually means a dead connection: it throws
     * (the client reconnects, then resends), having given the message up after its last attempt.
     */
    long due(long now, long wake, Transmitter wire) throws IOException {
        long next = wake;
        for (int i = 0; i < pending.size(); i++) {
            PendingSend p = pending.get(i);
            if (p.resendAtNanos != 0) {
                if (p.resendAtNanos <= now) {
                    wire.transmit(p, true);
                    next = Math.min(next, p.deadlineNanos);
                } else {
                    next = Math.min(next, p.resendAtNanos);
                }
            } else if (p.deadlineNanos <= now) {
                if (++p.timeouts >= settings.maxSendAttempts()) {
                    pending.remove(i);
                    abandoned.run();
                }
                throw new ConnectionClosedException(DisconnectCause.ERROR, "ack timeout for " + p.id);
            } else {
                next = Math.min(next, p.deadlineNanos);
            }
        }
        return next;
    }
}
