package dev.imbench.sim.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.protocol.pb.ErrorCode;
import dev.imbench.sim.transport.ConnectionClosedException;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The outbox alone, on a wire that only records: what goes out again, when, and what is given up. */
class OutboxTest {

    private static final long ACK_TIMEOUT = Duration.ofSeconds(5).toNanos();
    private static final ClientSettings SETTINGS = ClientSettings.DEFAULTS
            .withTimeouts(Duration.ofSeconds(30), Duration.ofSeconds(5), Duration.ofSeconds(10))
            .withRetries(new Backoff(100_000_000L, 1_000_000_000L), 2);

    /** A wire at a fixed time: numbers each transmission and records (id, resend). */
    private static final class Wire implements Outbox.Transmitter {
        final List<String> sent = new ArrayList<>();
        long now;
        int seq;

        @Override
        public void transmit(PendingSend p, boolean resend) {
            p.seq = ++seq;
            p.resendAtNanos = 0;
            p.deadlineNanos = now + ACK_TIMEOUT;
            sent.add(p.id + (resend ? " again" : ""));
        }
    }

    private final AtomicInteger abandoned = new AtomicInteger();
    private final Outbox outbox = new Outbox(SETTINGS, new SplittableRandom(1), abandoned::incrementAndGet);
    private final Wire wire = new Wire();

    @Test
    void anAckEndsItsSendAndAReconnectResendsTheRestWithTheirIds() throws IOException {
        PendingSend a = new PendingSend(11, 1, 0);
        PendingSend b = new PendingSend(12, 2, 0);
        outbox.send(a, wire);
        outbox.send(b, wire);
        assertSame(a, outbox.acked(11));
        assertNull(outbox.acked(11), "a late duplicate ack finds nothing");
        outbox.resendAll(wire);
        assertEquals(List.of("11", "12", "12 again"), wire.sent);
        assertEquals(1, outbox.size());
    }

    @Test
    void aRetryableErrorResendsAfterBackoffAndAnyOtherDropsTheSend() throws IOException {
        PendingSend a = new PendingSend(21, 1, 0);
        PendingSend b = new PendingSend(22, 2, 0);
        outbox.send(a, wire);
        outbox.send(b, wire);
        outbox.failed(a.seq, ErrorCode.ERR_STORE_FAILED, 0);
        outbox.failed(b.seq, ErrorCode.ERR_NOT_MEMBER, 0);
        assertEquals(1, outbox.size(), "the refused one is dropped");
        long wake = outbox.due(0, Long.MAX_VALUE, wire);
        assertEquals(a.resendAtNanos, wake, "woken for the retry");
        assertTrue(wake > 0 && wake <= 1_000_000_000L, "after the backoff: " + wake);
        wire.now = wake;
        long next = outbox.due(wake, Long.MAX_VALUE, wire);
        assertEquals(List.of("21", "22", "21 again"), wire.sent);
        assertEquals(wake + ACK_TIMEOUT, next, "then woken for the resend's ack deadline");
    }

    @Test
    void aMissingAckClosesTheConnectionAndTheLastAttemptGivesTheMessageUp() throws IOException {
        PendingSend a = new PendingSend(31, 1, 0);
        outbox.send(a, wire);
        assertEquals(ACK_TIMEOUT, outbox.due(1, Long.MAX_VALUE, wire), "woken at the ack deadline");
        assertThrows(ConnectionClosedException.class, () -> outbox.due(ACK_TIMEOUT, Long.MAX_VALUE, wire));
        assertEquals(1, outbox.size(), "kept for the resend after the reconnect");
        wire.now = ACK_TIMEOUT;
        outbox.resendAll(wire);
        assertThrows(ConnectionClosedException.class, () -> outbox.due(2 * ACK_TIMEOUT, Long.MAX_VALUE, wire));
        assertTrue(outbox.isEmpty(), "given up after its second attempt");
        assertEquals(1, abandoned.get());
    }
}
