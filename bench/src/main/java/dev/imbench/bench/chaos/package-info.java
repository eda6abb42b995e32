/** Benchmarks of the chaos proxy's overhead against a direct loopback connection. */
package dev.imbench.bench.chaos;
