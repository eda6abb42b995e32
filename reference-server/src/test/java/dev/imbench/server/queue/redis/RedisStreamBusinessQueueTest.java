package dev.imbench.server.queue.redis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.server.backends.RedisTestKeys;
import dev.imbench.server.queue.BusinessMessage;
import dev.imbench.server.queue.BusinessQueue;
import dev.imbench.server.queue.BusinessQueueContract;
import dev.imbench.server.queue.QueueBounds;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The business-queue contract, unchanged, on Redis Streams; plus at-least-once redelivery. */
class RedisStreamBusinessQueueTest extends BusinessQueueContract {

    private RedisTestKeys keys;

    @Override
    protected BusinessQueue newQueue() {
        keys = new RedisTestKeys();
        return queueFor("consumer-1");
    }

    @Override
    protected BusinessQueue newQueue(QueueBounds bounds) {
        return new RedisStreamBusinessQueue(keys.client(), keys.namespace(), "business", "consumer-b", bounds);
    }

    private RedisStreamBusinessQueue queueFor(String consumer) {
        return new RedisStreamBusinessQueue(keys.client(), keys.namespace(), "business", consumer, 1_000);
    }

    @AfterEach
    void cleanUp() {
        keys.close();
    }

    @Test
    void shouldRedeliverAnEntryReadButNotAcknowledged() {
        queue.publish(new BusinessMessage("orders", "alice", new byte[] {7, 0, -1}, 1, 5));
        RedisStreamBusinessQueue q = (RedisStreamBusinessQueue) queue;
        List<StreamDelivery> first = q.read("orders", 10);
        assertEquals(1, first.size());
        // the consumer crashes before acking; it restarts under the same name
        List<StreamDelivery> again = queueFor("consumer-1").read("orders", 10);
        assertEquals(1, again.size());
        assertEquals(first.get(0).entryId(), again.get(0).entryId());
        assertTrue(again.get(0).deliveries() >= 1);
        assertArrayEquals(new byte[] {7, 0, -1}, again.get(0).message().payload());
        assertEquals(1, q.ack("orders", again));
        assertTrue(q.read("orders", 10).isEmpty());
    }

    @Test
    void shouldKeepReadingAfterRedisLostTheStreamAndItsGroup() {
        RedisStreamBusinessQueue q = (RedisStreamBusinessQueue) queue;
        queue.publish(new BusinessMessage("orders", "alice", new byte[] {1}, 1, 5));
        assertEquals(1, q.ack("orders", q.read("orders", 10)));
        keys.client().del(keys.namespace() + "c2s:orders"); // what a Redis restarted without persistence holds
        queue.publish(new BusinessMessage("orders", "alice", new byte[] {2}, 2, 5));
        assertEquals(1, queue.depth("orders"));
        List<StreamDelivery> after = q.read("orders", 10);
        assertEquals(List.of(2L), after.stream().map(d -> d.message().clientMsgId()).toList());
    }

    @Test
    void shouldHandleThenAcknowledgeWithTheSampleConsumer() {
        for (int i = 1; i <= 3; i++) {
            queue.publish(new BusinessMessage("pay", "bob", new byte[] {1}, i, 5));
        }
        List<Long> handled = new ArrayList<>();
        BusinessLineConsumer c = new BusinessLineConsumer((RedisStreamBusinessQueue) queue, "pay",
                m -> handled.add(m.clientMsgId()));
        assertEquals(3, c.drainOnce(10));
        assertEquals(List.of(1L, 2L, 3L), handled);
        assertEquals(0, queue.depth("pay"));
        assertEquals(0, c.drainOnce(10));
    }

    @Test
    void shouldRefusePublishWhenTheLineIsFull() {
        RedisStreamBusinessQueue small = new RedisStreamBusinessQueue(keys.client(), keys.namespace(), "business",
                "c", 2);
        assertTrue(small.publish(new BusinessMessage("x", "a", new byte[0], 1, 1)));
        assertTrue(small.publish(new BusinessMessage("x", "a", new byte[0], 2, 1)));
        assertEquals(false, small.publish(new BusinessMessage("x", "a", new byte[0], 3, 1)));
    }
}
