/** The c2s business-line queues (the design's MQ): an interface and an in-memory implementation. */
package dev.imbench.server.queue;
