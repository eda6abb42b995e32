package dev.imbench.gatling;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.gatling.app.Gatling$;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the Gatling simulation small (a few seconds, against a reference server it starts) the way
 * {@code mvn gatling:test} does, and checks both verdicts: Gatling's assertions (its exit code) and
 * imbench's delivery verdict from the run directory the simulation wrote.
 */
class ImC2cSimulationTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void smallRunPassesGatlingsAssertionsAndHasAValidDeliveryVerdict(@TempDir Path tmp) throws IOException {
        // Latency limits are lenient: the machine running the suite may be busy; this test is about
        // what Gatling and the ledger account for, not about speed.
        Map<String, String> props = Map.of("users", "8", "rate", "16", "ramp", "1", "duration", "3", "kickouts", "2",
                "out", tmp.resolve("runs").toString(), "ackP99Ms", "5000", "e2eP99Ms", "5000");
        props.forEach(System::setProperty);
        int exit;
        try {
            exit = Gatling$.MODULE$.fromArgs(new String[] {"-s", ImC2cSimulation.class.getName(),
                "-rf", tmp.resolve("gatling").toString()});
        } finally {
            props.keySet().forEach(System::clearProperty);
        }
        assertEquals(0, exit, "Gatling's assertions (ack p99, successful acks, no failed request) must hold");

        Path run = onlyRunDirectory(tmp.resolve("runs"));
        JsonNode delivery = JSON.readTree(run.resolve("delivery.json").toFile());
        assertEquals("valid", delivery.path("verdict").asText(), delivery.toString());
        assertEquals(0, delivery.path("lost").asLong());
        assertEquals(0, delivery.path("duplicated").asLong());
        assertEquals(0, delivery.path("reordered").asLong());
        long acked = delivery.path("acked").asLong();
        // 8 users at 16/s for 3 s: 48 sends intended, every one sent, acked and delivered once.
        assertEquals(48, delivery.path("attempted").asLong());
        assertEquals(48, acked);
        assertEquals(acked, delivery.path("delivered").asLong());

        JsonNode summary = JSON.readTree(run.resolve("summary.json").toFile());
        assertEquals(acked, summary.path("latency").path("e2e").path("count").asLong(),
                "every delivery has a sender-to-recipient latency");
        assertTrue(summary.path("latency").path("e2e").path("p99").asDouble() > 0);
        assertTrue(List.of("passed", "inconclusive").contains(summary.path("verdict").asText()),
                "passed, or inconclusive when a busy machine made the generator late: " + summary.path("verdictLine"));
        JsonNode counters = JSON.readTree(run.resolve("counters.json").toFile());
        assertEquals(2, counters.path("kickouts").asLong(), "each kickout user's first device was told");
        assertTrue(Files.exists(run.resolve("index.html")), "the imbench report is written");
        assertTrue(Files.exists(run.resolve("server-metrics.prom")), "the server's metrics are kept");
    }

    private static Path onlyRunDirectory(Path root) throws IOException {
        try (Stream<Path> dirs = Files.list(root)) {
            List<Path> all = dirs.filter(Files::isDirectory).toList();
            assertEquals(1, all.size(), "one run directory: " + all);
            return all.get(0);
        }
    }
}
