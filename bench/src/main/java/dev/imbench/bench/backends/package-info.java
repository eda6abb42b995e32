/** JMH benchmarks of the real back ends (MySQL store) against the in-memory baseline. */
package dev.imbench.bench.backends;
