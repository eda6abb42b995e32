/** JMH micro-benchmarks of imbench's hot paths; run with {@code bench/run}. */
package dev.imbench.bench;
