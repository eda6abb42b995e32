/**
 * The gate: Netty pipelines for TCP, WebSocket and in-JVM local channels ending in one
 * {@link dev.imbench.server.gate.GateHandler}, the session table, idle handling and backpressure.
 * The gate answers keepalives itself and refuses unauthenticated or forged frames before the logic sees them.
 */
package dev.imbench.server.gate;
