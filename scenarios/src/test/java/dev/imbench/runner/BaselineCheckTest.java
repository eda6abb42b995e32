package dev.imbench.runner;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
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
        assertTrue(worse.render().contains("latency.e2e.p99") && worse.render().contains("REGRESSED"));
    }

    @Test
    void shouldIgnoreSubMillisecondNoiseAndFlagFallingThroughputAndLoss(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("summary.json"), summary(0.2, 1000, 0).toString());
        assertTrue(BaselineCheck.compare(summary(0.9, 1000, 0), dir, 0.2).passed(), "0.7 ms more is noise");
        assertFalse(BaselineCheck.compare(summary(0.2, 700, 0), dir.resolve("summary.json"), 0.2).passed());
        assertFalse(BaselineCheck.compare(summary(0.2, 1000, 1), dir, 0.2).passed());
    }

    @Test
    void shouldRefuseAMissingBaseline(@TempDir Path dir) {
        assertThrows(IllegalArgumentException.class, () -> BaselineCheck.compare(summary(1, 1, 0), dir, 0.2));
    }
}
