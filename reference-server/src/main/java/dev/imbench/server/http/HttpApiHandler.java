package dev.imbench.server.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.server.auth.TokenIssuer;
import dev.imbench.server.gate.Identifiers;
import dev.imbench.server.logic.BusinessLogic;
import dev.imbench.server.queue.BusinessMessage;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.TooLongHttpHeaderException;
import io.netty.handler.codec.http.TooLongHttpLineException;
import io.netty.util.AttributeKey;
import io.netty.util.concurrent.ScheduledFuture;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The HTTP endpoints (JSON in and out):
 * <ul>
 *   <li>{@code POST /sso/login} {@code {"uid","deviceType"}} → {@code {"token","expiresAt"}}</li>
 *   <li>{@code GET /iplist} → {@code {"gates":[{"id","tcp","ws","local"}]}}</li>
 *   <li>{@code POST /api/sendMsg} {@code {"uid","business","payload"}} → {@code {"msgid","pushed","dropped"}}</li>
 *   <li>{@code GET /api/c2s/<business>?max=N} → {@code {"messages":[{"from","clientMsgId","receivedAt","payload"}]}}</li>
 *   <li>{@code GET /admin/metrics} → Prometheus text format</li>
 *   <li>{@code GET /time} → {@code {"epochNanos"}}: the server's wall clock when it answered, so that a
 *       simulator shard can measure its clock offset by round trips (open, like {@code /iplist})</li>
 * </ul>
 * A bad request gets 400 with {@code {"error": "..."}}, a request the decoder could not read 400 (431 for a
 * header above the limit), a wrong method 405, a missing credential 401/403, a failing back end 503.
 *
 * <p>Requests are served on virtual threads, never on the I/O event loop (a back end may block), one at a
 * time per connection and in order (reading pauses while one is served). Every request is answered within
 * {@code requestTimeout}: if the handler has not finished by then the caller gets 503 and the connection
 * is closed.
 */
@ChannelHandler.Sharable
final class HttpApiHandler extends SimpleChannelInboundHandler<FullHttpRequest> {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int DEFAULT_POLL = 100;
    /** The last request a connection handed to the workers; the next one runs after it (answers stay in order). */
    private static final AttributeKey<CompletableFuture<Void>> TAIL = AttributeKey.valueOf("imbench.http.tail");

    private final HttpApi server;
    private final HttpAccess access;
    private final ExecutorService workers;
    private final Duration requestTimeout;

    HttpApiHandler(HttpApi server, HttpAccess access, ExecutorService workers, Duration requestTimeout) {
        this.server = server;
        this.access = access;
        this.workers = workers;
        this.requestTimeout = requestTimeout;
    }

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, FullHttpRequest req) {
        if (req.decoderResult().isFailure()) {
            Throwable cause = req.decoderResult().cause();
            HttpResponseStatus status = cause instanceof TooLongHttpHeaderException
                    ? HttpResponseStatus.REQUEST_HEADER_FIELDS_TOO_LARGE
                    : cause instanceof TooLongHttpLineException ? HttpResponseStatus.REQUEST_URI_TOO_LONG
                    : HttpResponseStatus.BAD_REQUEST;
            write(ctx, false, json(status, Map.of("error", "unreadable request: " + cause.getClass().getSimpleName())));
            return;
        }
        boolean keepAlive = HttpUtil.isKeepAlive(req);
        FullHttpRequest request = req.retainedDuplicate();
        SocketAddress from = ctx.channel().remoteAddress();
        ctx.channel().config().setAutoRead(false); // one request at a time per connection
        AtomicBoolean answered = new AtomicBoolean();
        ScheduledFuture<?> timeout = ctx.executor().schedule(() -> {
            if (answered.compareAndSet(false, true)) {
                write(ctx, false, json(HttpResponseStatus.SERVICE_UNAVAILABLE, Map.of("error",
                        "no answer within " + requestTimeout.toMillis() + " ms (a back end is slow or down)")));
            }
        }, requestTimeout.toNanos(), TimeUnit.NANOSECONDS);
        CompletableFuture<Void> before = ctx.channel().attr(TAIL).get();
        try {
            Runnable serve = () -> {
                FullHttpResponse resp;
                try {
                    resp = answer(request, from);
                } finally {
                    request.release();
                }
                if (answered.compareAndSet(false, true)) {
                    timeout.cancel(false);
                    write(ctx, keepAlive, resp);
                    ctx.channel().config().setAutoRead(true);
                } else {
                    resp.release();
                }
            };
            ctx.channel().attr(TAIL).set(before == null ? CompletableFuture.runAsync(serve, workers)
                    : before.exceptionally(e -> null).thenRunAsync(serve, workers));
        } catch (RejectedExecutionException e) {
            request.release();
            timeout.cancel(false);
            write(ctx, false, json(HttpResponseStatus.SERVICE_UNAVAILABLE, Map.of("error", "shutting down")));
        }
    }

    private FullHttpResponse answer(FullHttpRequest req, SocketAddress from) {
        QueryStringDecoder uri = new QueryStringDecoder(req.uri());
        try {
            return route(req, uri, uri.path(), from);
        } catch (BadRequest | IOException e) {
            return json(HttpResponseStatus.BAD_REQUEST, Map.of("error", String.valueOf(e.getMessage())));
        } catch (HttpAccess.Refused e) {
            return json(HttpResponseStatus.valueOf(e.status), Map.of("error", e.getMessage()));
        } catch (RuntimeException e) {
            // A back end failed (Redis down, MySQL refused): say so without its text (no SQL, no driver detail).
            return json(HttpResponseStatus.SERVICE_UNAVAILABLE, Map.of("error",
                    "a back end is unavailable (" + e.getClass().getSimpleName() + "): retry later"));
        }
    }

    private static void write(ChannelHandlerContext ctx, boolean keepAlive, FullHttpResponse resp) {
        HttpUtil.setKeepAlive(resp, keepAlive);
        resp.headers().setInt(HttpHeaderNames.CONTENT_LENGTH, resp.content().readableBytes());
        var f = ctx.writeAndFlush(resp);
        if (!keepAlive) {
            f.addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (ctx.channel().isActive()) {
            write(ctx, false, json(HttpResponseStatus.INTERNAL_SERVER_ERROR,
                    Map.of("error", "internal error (" + cause.getClass().getSimpleName() + ")")));
        }
    }

    private FullHttpResponse route(FullHttpRequest req, QueryStringDecoder uri, String path, SocketAddress from)
            throws IOException {
        HttpMethod m = req.method();
        if (path.equals("/sso/login")) {
            access.checkSso(req, from);
            return m.equals(HttpMethod.POST) ? login(body(req)) : notAllowed();
        }
        if (path.equals("/iplist")) {
            return m.equals(HttpMethod.GET) ? iplist() : notAllowed();
        }
        if (path.equals("/api/sendMsg")) {
            access.checkApi(req);
            return m.equals(HttpMethod.POST) ? sendMsg(body(req)) : notAllowed();
        }
        if (path.startsWith("/api/c2s/")) {
            access.checkApi(req);
            return m.equals(HttpMethod.GET) ? pollC2s(validName("business", path.substring("/api/c2s/".length())), uri)
                    : notAllowed();
        }
        if (path.equals("/time")) {
            if (!m.equals(HttpMethod.GET)) {
                return notAllowed();
            }
            java.time.Instant now = java.time.Instant.now();
            return json(HttpResponseStatus.OK, Map.of("epochNanos", now.getEpochSecond() * 1_000_000_000L + now.getNano()));
        }
        if (path.equals("/admin/metrics")) {
            return m.equals(HttpMethod.GET) ? text(server.scrapeMetrics()) : notAllowed();
        }
        return json(HttpResponseStatus.NOT_FOUND, Map.of("error", "no endpoint " + Identifiers.shown(path)));
    }

    private FullHttpResponse login(JsonNode body) {
        String uid = validName("uid", required(body, "uid"));
        String type = body.path("deviceType").asText("");
        DeviceType dt = parseDevice(type);
        TokenIssuer.IssuedToken t = server.tokens().issueToken(uid, dt);
        return json(HttpResponseStatus.OK, Map.of("token", t.token(), "expiresAt", t.expiresAt()));
    }

    private FullHttpResponse iplist() {
        return json(HttpResponseStatus.OK, Map.of("gates", server.gates()));
    }

    private FullHttpResponse sendMsg(JsonNode body) {
        String uid = validName("uid", required(body, "uid"));
        String line = validName("business", body.path("business").asText("default"));
        byte[] payload = body.path("payload").asText("").getBytes(StandardCharsets.UTF_8);
        int max = server.config().maxContentLength();
        if (payload.length > max) {
            return json(HttpResponseStatus.REQUEST_ENTITY_TOO_LARGE, Map.of("error", "payload is " + payload.length
                    + " bytes; at most " + max + " (maxContentLength), so that the push fits a frame"));
        }
        BusinessLogic business = server.business();
        if (business == null) {
            return json(HttpResponseStatus.SERVICE_UNAVAILABLE,
                    Map.of("error", "this process is a gate: send business pushes to a logic node's HTTP API"));
        }
        BusinessLogic.S2cResult r = business.sendMsg(uid, line, payload);
        return json(HttpResponseStatus.OK, Map.of("msgid", r.msgid(), "pushed", r.pushed(), "dropped", r.pushed() == 0));
    }

    private FullHttpResponse pollC2s(String business, QueryStringDecoder uri) {
        int max = DEFAULT_POLL;
        List<String> maxParam = uri.parameters().get("max");
        if (maxParam != null && !maxParam.isEmpty()) {
            try {
                max = Integer.parseInt(maxParam.get(0));
            } catch (NumberFormatException e) {
                throw new BadRequest("max must be an integer");
            }
        }
        List<Map<String, Object>> out = new ArrayList<>();
        for (BusinessMessage bm : server.queue().poll(business, Math.max(0, max))) {
            out.add(Map.of("from", bm.from(), "clientMsgId", bm.clientMsgId(), "receivedAt", bm.receivedAt(),
                    "payload", Base64.getEncoder().encodeToString(bm.payload())));
        }
        return json(HttpResponseStatus.OK, Map.of("messages", out));
    }

    private static DeviceType parseDevice(String type) {
        if (type.isEmpty()) {
            throw new BadRequest("deviceType is required (IOS, ANDROID, WEB, PC)");
        }
        try {
            DeviceType dt = type.length() <= 9 && type.chars().allMatch(c -> c >= '0' && c <= '9')
                    ? DeviceType.forNumber(Integer.parseInt(type))
                    : DeviceType.valueOf(type.toUpperCase(Locale.ROOT));
            if (dt == null || dt == DeviceType.UNRECOGNIZED || dt == DeviceType.DEVICE_UNKNOWN) {
                throw new IllegalArgumentException();
            }
            return dt;
        } catch (IllegalArgumentException e) {
            throw new BadRequest("unknown deviceType " + Identifiers.shown(type) + " (IOS, ANDROID, WEB, PC or 1-4)");
        }
    }

    private static JsonNode body(FullHttpRequest req) throws IOException {
        ByteBuf c = req.content();
        if (c.readableBytes() == 0) {
            throw new BadRequest("a JSON body is required");
        }
        byte[] bytes = new byte[c.readableBytes()];
        c.getBytes(c.readerIndex(), bytes);
        JsonNode n = JSON.readTree(bytes);
        if (n == null || !n.isObject()) {
            throw new BadRequest("the body must be a JSON object");
        }
        return n;
    }

    private static String validName(String what, String value) {
        String problem = Identifiers.problem(what, value);
        if (problem != null) {
            throw new BadRequest(problem);
        }
        return value;
    }

    private static String required(JsonNode body, String field) {
        String v = body.path(field).asText("");
        if (v.isEmpty()) {
            throw new BadRequest(field + " is required");
        }
        return v;
    }

    private static FullHttpResponse notAllowed() {
        return json(HttpResponseStatus.METHOD_NOT_ALLOWED, Map.of("error", "method not allowed"));
    }

    private static FullHttpResponse json(HttpResponseStatus status, Object value) {
        try {
            FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, status,
                    Unpooled.wrappedBuffer(JSON.writeValueAsBytes(value)));
            r.headers().set(HttpHeaderNames.CONTENT_TYPE, "application/json");
            return r;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static FullHttpResponse text(String body) {
        FullHttpResponse r = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.OK,
                Unpooled.copiedBuffer(body, StandardCharsets.UTF_8));
        r.headers().set(HttpHeaderNames.CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8");
        return r;
    }

    /** A client error answered with 400. */
    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }
}
