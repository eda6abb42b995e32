package dev.imbench.server.gate;

import dev.imbench.protocol.FrameDecoder;
import dev.imbench.protocol.FrameEncoder;
import dev.imbench.protocol.FrameLimits;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.timeout.IdleStateHandler;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of a TCP or local-channel client, in order:
 * <pre>
 *   idle (reader idle → close) → FrameDecoder → FrameEncoder → GateHandler
 * </pre>
 * The WebSocket pipeline ({@link WebSocketGateInitializer}) puts the same stages after its handshake.
 */
public final class GateChannelInitializer extends ChannelInitializer<Channel> {

    private final FrameLimits limits;
    private final Duration idleTimeout;
    private final GateHandler gate;

    /** Pipelines ending in {@code gate}. */
    public GateChannelInitializer(FrameLimits limits, Duration idleTimeout, GateHandler gate) {
        this.limits = limits;
        this.idleTimeout = idleTimeout;
        this.gate = gate;
    }

    @Override
    protected void initChannel(Channel ch) {
        addFrameStages(ch.pipeline(), limits, idleTimeout, gate);
    }

    static void addFrameStages(ChannelPipeline p, FrameLimits limits, Duration idleTimeout, GateHandler gate) {
        p.addLast("idle", new IdleStateHandler(idleTimeout.toMillis(), 0, 0, TimeUnit.MILLISECONDS));
        p.addLast("frameDecoder", new FrameDecoder(limits));
        p.addLast("frameEncoder", FrameEncoder.INSTANCE);
        p.addLast("gate", gate);
    }
}
