package dev.imbench.server.queue;

import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** The queue contract on the embedded queues, plus their bound. */
class InMemoryBusinessQueueTest extends BusinessQueueContract {

    private static final int CAPACITY = 10;

    @Override
    protected BusinessQueue newQueue() {
        return new InMemoryBusinessQueue(CAPACITY);
    }

    @Override
    protected BusinessQueue newQueue(QueueBounds bounds) {
        return new InMemoryBusinessQueue(bounds);
    }

    @Test
    void shouldRefuseBeyondCapacity() {
        for (int i = 0; i < CAPACITY; i++) {
            queue.publish(new BusinessMessage("a", "u", new byte[0], i, 0));
        }
        assertFalse(queue.publish(new BusinessMessage("a", "u", new byte[0], 9, 0)));
    }
}
