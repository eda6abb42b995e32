package dev.imbench.server.http;

import dev.imbench.server.ImServer;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;

/** HTTP pipeline: codec → aggregator (1 MiB bodies) → {@link HttpApiHandler}. */
public final class HttpApiInitializer extends ChannelInitializer<Channel> {

    /** Largest accepted request body. */
    public static final int MAX_BODY = 1024 * 1024;

    private final HttpApiHandler handler;

    /** Pipelines serving {@code server}'s API. */
    public HttpApiInitializer(ImServer server) {
        this.handler = new HttpApiHandler(server);
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.pipeline().addLast(new HttpServerCodec(), new HttpObjectAggregator(MAX_BODY), handler);
    }
}
