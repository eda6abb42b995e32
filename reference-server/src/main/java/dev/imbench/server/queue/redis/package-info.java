/** Business queues on Redis Streams: one stream per business line, one consumer group, at-least-once with acks. */
package dev.imbench.server.queue.redis;
