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

/**
 * Tokens from the SSO service over HTTP: {@code POST <base>/sso/login} with
 * {@code {"uid", "deviceType"}}, answered by {@code {"token", "expiresAt"}}.
 */
public final class HttpSsoTokenSource implements TokenSource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http;
    private final URI login;

    /** SSO at the given base URI, e.g. {@code http://127.0.0.1:8080}. */
    public HttpSsoTokenSource(URI base) {
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5))
                .executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()).build();
        this.login = base.resolve("/sso/login");
    }

    @Override
    public String token(String uid, DeviceType deviceType) throws IOException {
        byte[] body = JSON.writeValueAsBytes(Map.of("uid", uid, "deviceType", deviceType.name()));
        HttpRequest req = HttpRequest.newBuilder(login).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
        try {
            HttpResponse<byte[]> resp = http.send(req, HttpResponse.BodyHandlers.ofByteArray());
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
