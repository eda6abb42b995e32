/** Presence and routing in Redis (jedis): one expiring key per (uid, device type), refreshed by heartbeats. */
package dev.imbench.server.route.redis;
