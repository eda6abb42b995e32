package dev.imbench.chaos.api;

import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;

/**
 * Netty adapter of the API: runs each request on a virtual thread (proxy starts and stops block)
 * and writes the router's answer, keeping the connection alive when the client asks for it.
 */
final class ToxiproxyApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private final ApiRouter router;
    private final ExecutorService workers;

    ToxiproxyApiHandler(ApiRouter router, ExecutorService workers) {
        this.router = router;
        this.workers = workers;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        String method = req.method().name();
        String uri = req.uri();
        String body = req.content().toString(StandardCharsets.UTF_8);
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        boolean ok = req.decoderResult().isSuccess();
        workers.execute(() -> {
            ApiRouter.Response r = ok ? router.handle(method, uri, body)
                : ApiRouter.Response.json(400, ApiJson.error(400, "bad request"));
            FullHttpResponse res = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(r.status()),
                Unpooled.copiedBuffer(r.body(), StandardCharsets.UTF_8));
            res.headers().set(HttpHeaderNames.CONTENT_TYPE, r.contentType());
            HttpUtil.setContentLength(res, res.content().readableBytes());
            HttpUtil.setKeepAlive(res, keepAlive);
            var f = ctx.writeAndFlush(res);
            if (!keepAlive) {
                f.addListener(ChannelFutureListener.CLOSE);
            }
        });
    }
}
