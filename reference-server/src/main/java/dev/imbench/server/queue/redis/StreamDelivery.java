package dev.imbench.server.queue.redis;

import dev.imbench.server.queue.BusinessMessage;

/**
 * One entry handed to a consumer; it stays pending in the consumer group until acknowledged with
 * {@link RedisStreamBusinessQueue#ack}.
 *
 * @param entryId the stream entry id ({@code <ms>-<seq>})
 * @param message the message
 * @param deliveries how many times the group delivered it (more than 1 after a consumer died)
 */
public record StreamDelivery(String entryId, BusinessMessage message, long deliveries) {
}
