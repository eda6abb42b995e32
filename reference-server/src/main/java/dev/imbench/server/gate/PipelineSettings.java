package dev.imbench.server.gate;

import dev.imbench.protocol.FrameLimits;
import dev.imbench.server.metrics.ServerMetrics;
import java.time.Duration;

/**
 * What every gate pipeline (TCP, WebSocket, local) is built with.
 *
 * @param limits      the frame decoder's limits
 * @param idleTimeout a connection with no complete inbound frame for this long is closed
 * @param authTimeout a connection unauthenticated for this long is closed
 * @param outbound    what one connection may make the gate queue
 * @param limiter     the connection caps shared by the gate's listeners
 * @param metrics     the gate's meters
 */
public record PipelineSettings(FrameLimits limits, Duration idleTimeout, Duration authTimeout, OutboundLimits outbound,
                               ConnectionLimiter limiter, ServerMetrics metrics) {

    /** The timeouts of one gate connection, counted in the metrics when they close it. */
    MessageTimeouts timeouts() {
        return new MessageTimeouts(idleTimeout, authTimeout, false, reason -> {
            if (reason == MessageTimeouts.Reason.IDLE) {
                metrics.idleClosed();
            } else {
                metrics.unauthenticatedClosed();
            }
        });
    }
}
