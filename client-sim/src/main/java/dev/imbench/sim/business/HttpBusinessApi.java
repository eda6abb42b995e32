package dev.imbench.sim.business;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The business API over HTTP: {@code POST <base>/api/sendMsg} {@code {"uid","business","payload"}}
 * answered by {@code {"msgid","pushed","dropped"}}, and {@code GET <base>/api/c2s/<business>?max=n}
 * answered by {@code {"messages":[{"from","clientMsgId",…}]}}, both with {@code Authorization: Bearer <secret>}.
 */
public final class HttpBusinessApi implements BusinessApi, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** How long one call may take. */
    public static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);

    private static final int WARM_UP_CALLS = 8;

    private final ExecutorService executor = Executors.newVirtualThreadPerTaskExecutor();
    private final HttpClient http;
    private final URI base;
    private final String authorization;

    /** The API at {@code base} (e.g. {@code http://127.0.0.1:8080}) with the server's API secret. */
    public HttpBusinessApi(URI base, String secret) {
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5))
                .executor(executor).build();
        this.base = base;
        this.authorization = "Bearer " + secret;
    }

    @Override
    public int push(String uid, String business, String payload) throws IOException, InterruptedException {
        byte[] body = JSON.writeValueAsBytes(Map.of("uid", uid, "business", business, "payload", payload));
        JsonNode answer = call(HttpRequest.newBuilder(base.resolve("/api/sendMsg"))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)), "push");
        JsonNode pushed = answer.get("pushed");
        if (pushed == null || !pushed.canConvertToInt()) {
            throw new IOException("sendMsg answered without a device count: " + shorten(answer.toString()));
        }
        return pushed.asInt();
    }

    @Override
    public List<Report> poll(String business, int max) throws IOException, InterruptedException {
        JsonNode answer = call(HttpRequest.newBuilder(base.resolve("/api/c2s/"
                + URLEncoder.encode(business, StandardCharsets.UTF_8) + "?max=" + max)).GET(), "poll");
        JsonNode messages = answer.get("messages");
        if (messages == null || !messages.isArray()) {
            throw new IOException("the c2s poll answered without messages: " + shorten(answer.toString()));
        }
        List<Report> out = new ArrayList<>(messages.size());
        for (JsonNode m : messages) {
            out.add(new Report(m.path("from").asText(""), m.path("clientMsgId").asLong(0)));
        }
        return out;
    }

    /** A few answered GET /iplist calls, in parallel (opens the connections the first pushes would open). */
    @Override
    public void warmUp() throws IOException, InterruptedException {
        List<java.util.concurrent.CompletableFuture<HttpResponse<Void>>> calls = new ArrayList<>();
        for (int i = 0; i < WARM_UP_CALLS; i++) {
            calls.add(http.sendAsync(HttpRequest.newBuilder(base.resolve("/iplist")).timeout(CALL_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.discarding()));
        }
        try {
            for (var c : calls) {
                c.get(CALL_TIMEOUT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
            }
        } catch (java.util.concurrent.ExecutionException e) {
            throw new IOException("the business API at " + base + " does not answer: " + e.getCause().getMessage(), e);
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("the business API at " + base + " did not answer within " + CALL_TIMEOUT.toSeconds() + " s");
        } finally {
            calls.forEach(c -> c.cancel(true));
        }
    }

    private JsonNode call(HttpRequest.Builder req, String what) throws IOException, InterruptedException {
        HttpResponse<byte[]> resp = http.send(req.timeout(CALL_TIMEOUT).header("Authorization", authorization).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        if (resp.statusCode() != 200) {
            throw new IOException("business API " + what + " answered HTTP " + resp.statusCode() + ": "
                    + shorten(new String(resp.body(), StandardCharsets.UTF_8)));
        }
        return JSON.readTree(resp.body());
    }

    private static String shorten(String s) {
        return s.length() > 200 ? s.substring(0, 200) + "…" : s;
    }

    @Override
    public void close() {
        http.close();
        executor.close();
    }
}
