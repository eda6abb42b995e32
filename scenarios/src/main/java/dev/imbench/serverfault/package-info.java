/**
 * Server-side faults: what the runner places around the reference server so a scenario can break it
 * (a Toxiproxy-compatible proxy in front of MySQL and Redis, a private {@code redis-server}, proxies
 * on the gate-logic link, gates and logic nodes that can be killed and restarted) and the fault
 * actions that break it ({@code cut-mysql}, {@code slow-redis}, {@code kill-gate}, {@code partition-link}, …).
 */
package dev.imbench.serverfault;
