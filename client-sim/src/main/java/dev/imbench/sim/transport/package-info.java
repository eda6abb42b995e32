/**
 * Client transports: one {@link dev.imbench.sim.transport.Connection} abstraction
 * (send a frame, receive with a timeout, close with a cause) over TCP sockets and
 * over Netty local channels into an in-JVM server.
 */
package dev.imbench.sim.transport;
