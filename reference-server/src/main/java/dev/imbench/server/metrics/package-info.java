/** The server's own view of itself: Micrometer counters, gauges and timers, scraped in Prometheus text format. */
package dev.imbench.server.metrics;
