package dev.imbench.server.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link BusinessQueue} must have (in-memory here; Redis Streams later). */
public abstract class BusinessQueueContract {

    protected BusinessQueue queue;

    /** A fresh queue set. */
    protected abstract BusinessQueue newQueue();

    /** A fresh queue set within {@code bounds} (sharing the clean-up of {@link #newQueue()}). */
    protected abstract BusinessQueue newQueue(QueueBounds bounds);

    @BeforeEach
    void setUp() {
        queue = newQueue();
    }

    private static BusinessMessage msg(String line, long id) {
        return new BusinessMessage(line, "alice", new byte[] {1}, id, 1);
    }

    @Test
    void shouldKeepBusinessLinesApartAndInOrder() {
        queue.publish(msg("a", 1));
        queue.publish(msg("b", 2));
        queue.publish(msg("a", 3));
        assertEquals(2, queue.depth("a"));
        assertEquals(List.of(1L, 3L), queue.poll("a", 10).stream().map(BusinessMessage::clientMsgId).toList());
        assertEquals(0, queue.depth("a"));
        assertEquals(1, queue.depth("b"));
    }

    @Test
    void shouldPollAtMostMax() {
        for (int i = 0; i < 5; i++) {
            queue.publish(msg("a", i));
        }
        assertEquals(2, queue.poll("a", 2).size());
        assertEquals(3, queue.depth("a"));
    }

    private static BusinessMessage report(String line, long id, int bytes) {
        return new BusinessMessage(line, "alice", new byte[bytes], id, 1);
    }

    @Test
    void shouldRefuseAReportPastTheLineByteBoundAndTakeMoreOncePolled() {
        long oneReport = QueueBounds.cost(report("a", 1, 60_000));
        BusinessQueue q = newQueue(new QueueBounds(1000, 3 * oneReport, 100 * oneReport));
        for (int i = 1; i <= 3; i++) {
            assertTrue(q.publish(report("a", i, 60_000)));
        }
        assertFalse(q.publish(report("a", 4, 60_000)), "a fourth 60 KB report passes the line's byte bound");
        assertTrue(q.publish(report("b", 5, 60_000)), "another line has its own bound");
        assertEquals(1, q.poll("a", 1).size());
        assertTrue(q.publish(report("a", 6, 60_000)), "polling freed the bytes");
    }

    @Test
    void shouldRefusePastTheTotalByteBoundOverEveryLine() {
        long oneReport = QueueBounds.cost(report("l0", 1, 10_000));
        BusinessQueue q = newQueue(new QueueBounds(1000, 5 * oneReport, 5 * oneReport));
        for (int i = 0; i < 5; i++) {
            assertTrue(q.publish(report("l" + i, i, 10_000)));
        }
        assertFalse(q.publish(report("l9", 9, 10_000)), "a new line does not escape the total bound");
        assertEquals(1, q.poll("l0", 10).size());
        assertTrue(q.publish(report("l9", 10, 10_000)));
    }
}
