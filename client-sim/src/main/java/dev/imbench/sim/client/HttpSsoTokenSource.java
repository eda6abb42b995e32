package dev.imbench.sim.client;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imbench.protocol.pb.DeviceType;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;

/**
 * Tokens from the SSO service over HTTP: {@code POST <base>/sso/login} with
 * {@code {"uid", "deviceType"}}, answered by {@code {"token", "expiresAt"}}.
 *
 * <p>At most {@code maxInFlight} logins are asked at once (the others wait their turn, and the wait is
 * part of their login time), over HTTP/1.1 keep-alive connections the clients share: the SSO costs
 * both processes a bounded number of descriptors however many clients log in together. Without the
 * bound every concurrent login opened a connection of its own and left it idle in the pool after
 * the login, so a ramp of thousands of clients held thousands of descriptors on each side besides
 * the clients' own connections.
 */
public final class HttpSsoTokenSource implements TokenSource {

    /** Logins asked at once by default: the most SSO connections each side holds. */
    public static final int DEFAULT_MAX_IN_FLIGHT = 32;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final URI login;
    private final Semaphore inFlight;

    /** SSO at the given base URI, e.g. {@code http://127.0.0.1:8080}, {@link #DEFAULT_MAX_IN_FLIGHT} logins at once. */
    public HttpSsoTokenSource(URI base) {
        this(base, DEFAULT_MAX_IN_FLIGHT);
    }

    /** SSO at the given base URI, at most {@code maxInFlight} logins (and connections) at once. */
    public HttpSsoTokenSource(URI base, int maxInFlight) {
        if (maxInFlight < 1) {
            throw new IllegalArgumentException("maxInFlight must be at least 1, was " + maxInFlight);
        }
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1) // no h2c upgrade attempt
                .connectTimeout(Duration.ofSeconds(5))
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
        this.login = base.resolve("/sso/login");
        this.inFlight = new Semaphore(maxInFlight, true);
    }

    @Override
    public String token(String uid, DeviceType deviceType) throws IOException {
        byte[] body = JSON.writeValueAsBytes(Map.of("uid", uid, "deviceType", deviceType.name()));
        HttpRequest req = HttpRequest.newBuilder(login).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            inFlight.acquire();
            HttpResponse<byte[]> resp;
            try {
                resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
            } finally {
                inFlight.release();
            }
            if (resp.statusCode() != 200) {
                throw new IOException("SSO login for " + uid + " answered HTTP " + resp.statusCode());
            }
            JsonNode token = JSON.readTree(resp.body()).get("token");
            if (token == null || !token.isTextual()) {
                throw new IOException("SSO login for " + uid + " returned no token");
            }
            return token.asText();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted during SSO login", e);
        }
    }
}
