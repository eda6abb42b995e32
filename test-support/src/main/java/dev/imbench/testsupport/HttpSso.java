package dev.imbench.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imbench.protocol.pb.DeviceType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

/** A server's HTTP side as a client meets it before the wire: {@code /sso/login} and {@code /iplist}. */
public final class HttpSso implements WireClient.Tokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    private final String hostPort;

    /** The HTTP API at {@code host:port}. */
    public HttpSso(String hostPort) {
        this.hostPort = hostPort;
    }

    /** A token from {@code POST /sso/login}. */
    @Override
    public String issue(String uid, DeviceType type) {
        String body = "{\"uid\":\"" + uid + "\",\"deviceType\":\"" + type.name() + "\"}";
        JsonNode answer = request(HttpRequest.newBuilder(uri("/sso/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
        if (!answer.hasNonNull("token")) {
            throw new AssertionError("no token for " + uid + " from " + hostPort + ": " + answer);
        }
        return answer.path("token").asText();
    }

    /** The TCP addresses {@code /iplist} names, in its order. */
    public List<String> tcpGates() {
        List<String> out = new ArrayList<>();
        request(HttpRequest.newBuilder(uri("/iplist")).build()).path("gates").forEach(g -> out.add(g.path("tcp").asText()));
        return out;
    }

    private URI uri(String path) {
        return URI.create("http://" + hostPort + path);
    }

    private static JsonNode request(HttpRequest request) {
        try {
            return JSON.readTree(HTTP.send(request, HttpResponse.BodyHandlers.ofString()).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
