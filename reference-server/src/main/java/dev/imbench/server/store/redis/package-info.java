/** Redis-backed caches in front of the stores of record. */
package dev.imbench.server.store.redis;
