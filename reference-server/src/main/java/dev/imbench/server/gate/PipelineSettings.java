package dev.imbench.server.gate;

import dev.imbench.protocol.FrameLimits;
import dev.imbench.server.metrics.ServerMetrics;
import java.time.Duration;

/**
 * What every gate pipeline (TCP, WebSocket, local) is built with.
 *
 * @param limits      the frame decoder's limits
 * @param idleTimeout a connection with no complete inbound frame for this long is closed
 * @param outbound    what one connection may make the gate queue
 * @param metrics     the gate's meters
 */
public record PipelineSettings(FrameLimits limits, Duration idleTimeout, OutboundLimits outbound, ServerMetrics metrics) {
}
