package dev.imbench.reports.summary;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BaselineCheckTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode summary(double p99, double rate, long lost) throws Exception {
        return JSON.readTree("""
                {"latency": {"e2e": {"p50": 5, "p99": %s, "p999": %s}},
                 "throughput": {"sendsPerSec": %s, "deliveriesPerSec": %s},
                 "delivery": {"lost": %d, "unexpected": 0}}
                """.formatted(p99, p99, rate, rate, lost));
    }

    @Test
    void shouldFlagALatencyRegressionBeyondTheTolerance(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("summary.json"), summary(100, 1000, 0).toString());
        assertTrue(BaselineCheck.compare(summary(115, 1000, 0), dir, 0.2).passed());
        BaselineCheck worse = BaselineCheck.compare(summary(130, 1000, 0), dir, 0.2);
        assertFalse(worse.passed());
        String text = BaselineCheck.render(worse.toJson());
        assertTrue(text.contains("latency.e2e.p99") && text.contains("REGRESSED"), text);
        assertEquals("latency.e2e.p99", worse.toJson().at("/regressions/0/metric").asText());
        assertEquals(0.3, worse.toJson().at("/regressions/0/change").asDouble(), 1e-9);
    }

    @Test
    void shouldIgnoreSubMillisecondNoiseAndFlagFallingThroughputAndLoss(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("summary.json"), summary(0.2, 1000, 0).toString());
        assertTrue(BaselineCheck.compare(summary(0.9, 1000, 0), dir, 0.2).passed(), "0.7 ms more is noise");
        assertFalse(BaselineCheck.compare(summary(0.2, 700, 0), dir.resolve("summary.json"), 0.2).passed());
        assertFalse(BaselineCheck.compare(summary(0.2, 1000, 1), dir, 0.2).passed());
    }

    @Test
    void shouldListImprovementsBesideRegressions(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("summary.json"), summary(100, 1000, 2).toString());
        BaselineCheck better = BaselineCheck.compare(summary(50, 1500, 0), dir, 0.2);
        assertTrue(better.passed());
        JsonNode j = better.toJson();
        assertEquals(0, j.path("regressions").size());
        List<String> improved = new java.util.ArrayList<>();
        j.path("improvements").forEach(r -> improved.add(r.path("metric").asText()));
        assertEquals(List.of("latency.e2e.p99", "latency.e2e.p999", "throughput.sendsPerSec", "throughput.deliveriesPerSec",
                "delivery.lost"), improved);
        assertTrue(BaselineCheck.render(j).contains("improved"));
    }

    @Test
    void shouldRefuseAMissingBaseline(@TempDir Path dir) {
        assertThrows(IllegalArgumentException.class, () -> BaselineCheck.compare(summary(1, 1, 0), dir, 0.2));
    }
}
