package dev.imbench.server.queue;

import java.util.List;

/** Per-business-line queues that business servers consume. */
public interface BusinessQueue {

    /** Appends to the queue of {@code message.business()}; false if the queue is full (the message is dropped). */
    boolean publish(BusinessMessage message);

    /** Takes up to {@code max} messages from the head of a business line's queue. */
    List<BusinessMessage> poll(String business, int max);

    /** Messages waiting in a business line's queue. */
    int depth(String business);
}
