package dev.imbench.server.queue;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link BusinessQueue} must have (in-memory here; Redis Streams later). */
public abstract class BusinessQueueContract {

    protected BusinessQueue queue;

    /** A fresh queue set. */
    protected abstract BusinessQueue newQueue();

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
}
