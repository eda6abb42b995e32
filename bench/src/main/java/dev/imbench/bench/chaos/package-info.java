/** JMH benchmarks of the chaos proxy: overhead of a toxic-free proxy against a direct connection. */
package dev.imbench.bench.chaos;
