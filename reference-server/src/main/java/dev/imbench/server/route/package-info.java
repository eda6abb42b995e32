/** User status and routing (the design's Redis role): which gate and session hold each uid's devices. */
package dev.imbench.server.route;
