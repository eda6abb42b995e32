package dev.imbench.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /time} answers the server's wall clock (what a simulator shard measures its clock offset
 * against), open like {@code /iplist}; a gate with {@code advertiseHost} names that host in {@code /iplist}
 * (a container binds 0.0.0.0, which no client can dial).
 */
class TimeAndAdvertisedGateTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static long nanos(Instant i) {
        return i.getEpochSecond() * 1_000_000_000L + i.getNano();
    }

    @Test
    void shouldAnswerItsClockAndNameTheAdvertisedHost() throws Exception {
        ServerConfig config = ServerConfig.builder().advertiseHost("gate-7.imbench.svc").build();
        try (ImServer server = ImServer.start(config, ServerBackends.inMemory(), Clock.systemUTC());
             HttpClient http = HttpClient.newHttpClient()) {
            URI base = URI.create("http://127.0.0.1:" + server.httpAddress().getPort());
            long before = nanos(Instant.now());
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(base.resolve("/time")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            long after = nanos(Instant.now());
            assertEquals(200, r.statusCode(), "open: no credential needed");
            long t = JSON.readTree(r.body()).get("epochNanos").asLong();
            assertTrue(t >= before - 1_000 && t <= after + 1_000, before + " <= " + t + " <= " + after);
            assertEquals(405, http.send(HttpRequest.newBuilder(base.resolve("/time"))
                    .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString()).statusCode());

            JsonNode gate = JSON.readTree(http.send(HttpRequest.newBuilder(base.resolve("/iplist")).GET().build(),
                    HttpResponse.BodyHandlers.ofString()).body()).get("gates").get(0);
            assertEquals("gate-7.imbench.svc:" + server.tcpAddress().getPort(), gate.get("tcp").asText());
        }
    }
}
