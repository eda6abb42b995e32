package dev.imbench.gatling;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imbench.server.ImServer;
import dev.imbench.server.ServerConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/**
 * The server a Gatling run drives: an {@code imbench server} found through its HTTP base (SSO and
 * {@code GET /iplist}, whose first gate gives the WebSocket URI), or, when no server is named, a
 * reference server this process starts on ephemeral loopback ports and stops at {@link #close()}.
 *
 * @param httpBase    SSO and API base, e.g. {@code http://127.0.0.1:8080}
 * @param ws          the gate's WebSocket URI, e.g. {@code ws://127.0.0.1:8081/ws}
 * @param started     the server this process started, or null
 * @param description one line for the run's events
 */
public record ServerTarget(URI httpBase, URI ws, ImServer started, String description) implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Finds or starts the server.
     *
     * @param server an HTTP base, or empty to start one here
     * @throws IllegalStateException when the named server cannot be reached or has no WebSocket gate
     */
    public static ServerTarget resolve(String server) {
        if (server.isEmpty()) {
            ImServer s = ImServer.start(ServerConfig.fromMap(Map.of()));
            URI base = URI.create("http://" + s.httpAddress().getHostString() + ":" + s.httpAddress().getPort());
            return new ServerTarget(base, s.wsUri(), s, "reference server started by the simulation: http " + base
                    + ", ws " + s.wsUri());
        }
        URI base = URI.create(server.endsWith("/") ? server.substring(0, server.length() - 1) : server);
        URI iplist = URI.create(base + "/iplist");
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(iplist).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(iplist + " answered HTTP " + r.statusCode() + ", not a gate list");
            }
            JsonNode gates = JSON.readTree(r.body()).path("gates");
            if (!gates.isArray() || gates.isEmpty() || !gates.get(0).hasNonNull("ws")) {
                throw new IllegalStateException(iplist + " lists no gate with a WebSocket address: " + r.body());
            }
            URI ws = URI.create(gates.get(0).get("ws").asText());
            return new ServerTarget(base, ws, null, "imbench server at " + base + ", ws " + ws);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read the gate list at " + iplist + " (" + e.getMessage()
                    + "): is `imbench server` running there?", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + iplist, e);
        }
    }

    /** The server's Prometheus text ({@code GET /admin/metrics}), empty when it cannot be read. */
    public String metrics() {
        try (HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(httpBase + "/admin/metrics"))
                    .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Stops the server this process started (none otherwise). */
    @Override
    public void close() {
        if (started != null) {
            started.close();
        }
    }
}
