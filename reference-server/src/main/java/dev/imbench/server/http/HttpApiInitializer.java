package dev.imbench.server.http;

import dev.imbench.server.ServerConfig;
import dev.imbench.server.gate.MessageTimeouts;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * HTTP pipeline: codec (request line ≤ 4 KiB, headers ≤ 8 KiB) → aggregator ({@link #MAX_BODY} bodies; a
 * larger one gets 413) → {@link MessageTimeouts} (no complete request for {@code httpReadTimeout}: closed)
 * → {@link HttpApiHandler} on virtual threads. {@link #close()} stops the workers.
 */
public final class HttpApiInitializer extends ChannelInitializer<Channel> implements AutoCloseable {

    /** Largest accepted request body: a maximal payload, JSON-escaped, with room to spare. */
    public static final int MAX_BODY = 256 * 1024;
    /** Longest request line. */
    public static final int MAX_INITIAL_LINE = 4096;
    /** Largest header block. */
    public static final int MAX_HEADER_SIZE = 8192;

    private final ExecutorService workers = Executors.newThreadPerTaskExecutor(
            Thread.ofVirtual().name("imbench-http-", 0).factory());
    private final HttpApiHandler handler;
    private final ServerConfig config;

    /** Pipelines serving {@code server}'s API; the business API asks for {@code apiSecret}. */
    public HttpApiInitializer(HttpApi server, String apiSecret) {
        this.config = server.config();
        this.handler = new HttpApiHandler(server, new HttpAccess(apiSecret, config.ssoMode(), config.ssoCredential()),
                workers, config.httpRequestTimeout());
    }

    @Override
    protected void initChannel(Channel ch) {
        ch.pipeline().addLast(new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_SIZE, 8192),
                new HttpObjectAggregator(MAX_BODY),
                new MessageTimeouts(config.httpReadTimeout(), null, true, reason -> { }),
                handler);
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
