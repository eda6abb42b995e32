package dev.imbench.reports.summary;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

class GeneratorHealthTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode generator(long offered, long achieved, long ms, double lagP99) throws Exception {
        double seconds = ms / 1000.0;
        return JSON.readTree("""
                {"cores": 2, "phases": [{"name": "steady", "start": 0, "end": %d, "offered": %d, "achieved": %d,
                 "offeredPerSec": %s, "achievedPerSec": %s, "lag": {"count": %d, "p50": 1.0, "p99": %s, "max": %s}}]}
                """.formatted(ms, offered, achieved, offered / seconds, achieved / seconds, achieved, lagP99, lagP99));
    }

    @Test
    void shouldNotCallAShortPhaseBoundForTheFewSendsDueAtItsEnd() throws Exception {
        // 26 offered at 13/s, 24 sent inside the phase: the last two went out just after it, on time.
        JsonNode n = GeneratorHealth.summarize(generator(26, 24, 2000, 3.0), null, JudgeSpec.of(List.of()));
        assertFalse(n.get("bound").asBoolean(), n.toString());
    }

    @Test
    void shouldCallAGeneratorThatSentFarBelowItsRateBound() throws Exception {
        JsonNode n = GeneratorHealth.summarize(generator(1_005_000, 617_110, 10_000, 3.0), null, JudgeSpec.of(List.of()));
        assertTrue(n.get("bound").asBoolean(), n.toString());
        assertTrue(n.get("why").asText().contains("sent 617110 of the 1005000"), n.get("why").asText());
    }

    @Test
    void shouldCallAGeneratorThatStartedItsSendsLateBound() throws Exception {
        JsonNode n = GeneratorHealth.summarize(generator(1000, 1000, 10_000, 250.0), null, JudgeSpec.of(List.of()));
        assertTrue(n.get("bound").asBoolean(), n.toString());
        assertTrue(n.get("why").asText().contains("schedule lag p99 250 ms"), n.get("why").asText());
    }
}
