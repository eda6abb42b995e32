/** JMH benchmarks of the reference server's logic path on the in-memory back ends (no sockets). */
package dev.imbench.bench.server;
