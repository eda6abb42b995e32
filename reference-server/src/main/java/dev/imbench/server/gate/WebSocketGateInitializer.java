package dev.imbench.server.gate;

import dev.imbench.protocol.FrameHeader;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolConfig;
import io.netty.handler.codec.http.websocketx.WebSocketServerProtocolHandler;

/**
 * The pipeline of an H5 client: HTTP upgrade to WebSocket on {@code path}, then each binary
 * WebSocket message carries one 20-byte-header frame:
 * <pre>
 *   limiter → HttpServerCodec → aggregator → WebSocket protocol → WebSocketFrameAggregator
 *     → BinaryFrameCodec (exactly one frame per message) → (same stages as TCP)
 * </pre>
 */
public final class WebSocketGateInitializer extends ChannelInitializer<Channel> {

    private static final int HANDSHAKE_MAX = 8192;

    private final String path;
    private final PipelineSettings settings;
    private final GateHandler gate;

    /** WebSocket pipelines on {@code path} ending in {@code gate}. */
    public WebSocketGateInitializer(String path, PipelineSettings settings, GateHandler gate) {
        this.path = path;
        this.settings = settings;
        this.gate = gate;
    }

    @Override
    protected void initChannel(Channel ch) {
        ChannelPipeline p = ch.pipeline();
        p.addLast("limiter", settings.limiter());
        p.addLast("http", new HttpServerCodec());
        p.addLast("aggregator", new HttpObjectAggregator(HANDSHAKE_MAX));
        p.addLast("websocket", new WebSocketServerProtocolHandler(WebSocketServerProtocolConfig.newBuilder()
                .websocketPath(path)
                .maxFramePayloadLength(20 + settings.limits().maxBodyLength())
                .checkStartsWith(false)
                .build()));
        // Continuation frames joined into one message (bounded like a frame), then exactly one frame per message.
        p.addLast("fragments", new WebSocketFrameAggregator(FrameHeader.LENGTH + settings.limits().maxBodyLength()));
        p.addLast("binaryFrames", new WebSocketBinaryFrameCodec());
        GateChannelInitializer.addFrameStages(p, settings, gate);
    }
}
