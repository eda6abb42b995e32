/**
 * Weak-network faults: Toxiproxy's toxics written once as Netty handlers
 * ({@link dev.imbench.chaos.ToxicHandler}), usable in any pipeline (the
 * simulator's in-JVM transport, a TCP proxy), and named weak-network
 * {@link dev.imbench.chaos.Profiles profiles} composed of them.
 */
package dev.imbench.chaos;
