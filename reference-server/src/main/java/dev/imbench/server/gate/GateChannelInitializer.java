package dev.imbench.server.gate;

import dev.imbench.protocol.FrameDecoder;
import dev.imbench.protocol.FrameEncoder;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;

/**
 * The pipeline of a TCP or local-channel client, in order:
 * <pre>
 *   ConnectionLimiter → FrameDecoder → MessageTimeouts (no complete frame / unauthenticated → close)
 *     → InboundThrottle → FrameEncoder → GateHandler
 * </pre>
 * The WebSocket pipeline ({@link WebSocketGateInitializer}) puts the same stages after its handshake.
 */
public final class GateChannelInitializer extends ChannelInitializer<Channel> {

    /** Decoded frames held by a paused connection before it is closed (one read holds far fewer). */
    static final int MAX_HELD_FRAMES = 100_000;

    private final PipelineSettings settings;
    private final GateHandler gate;

    /** Pipelines ending in {@code gate}. */
    public GateChannelInitializer(PipelineSettings settings, GateHandler gate) {
        this.settings = settings;
        this.gate = gate;
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.pipeline().addLast("limiter", settings.limiter());
        addFrameStages(ch.pipeline(), settings, gate);
    }

    static void addFrameStages(ChannelPipeline p, PipelineSettings settings, GateHandler gate) {
        p.addLast("frameDecoder", new FrameDecoder(settings.limits()));
        p.addLast("timeouts", settings.timeouts());
        p.addLast("throttle", new InboundThrottle(settings.outbound(), MAX_HELD_FRAMES, settings.metrics()));
        p.addLast("frameEncoder", FrameEncoder.INSTANCE);
        p.addLast("gate", gate);
    }
}
