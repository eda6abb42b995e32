package dev.imbench.reports.summary;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imbench.reports.ShardLedgers;
import dev.imbench.reports.ShardMerger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** report --merge of two schema-2 shards, judged by the same judge as each shard. */
class MergedRunTest {

    @TempDir
    Path tmp;

    @Test
    void shouldKeepWarmupSlicesPhasesAndGeneratorHealthThroughAMerge() throws Exception {
        Path a = new RunDirFixture().writeTo(tmp.resolve("a"));
        Path b = new RunDirFixture().achieved(0.5).writeTo(tmp.resolve("b"));
        ShardLedgers.empty(a, 0, 2);
        ShardLedgers.empty(b, 1, 2);
        ShardMerger.merge(List.of(a, b), tmp.resolve("m"));
        Judge.Outcome one = Judge.judge(a);
        Judge.Outcome merged = Judge.judge(tmp.resolve("m"));
        JsonNode s = merged.summary();
        assertEquals(2 * one.summary().at("/latency/e2e/count").asLong(), s.at("/latency/e2e/count").asLong(),
                "the warm-up stays out of the merged figures");
        assertEquals(one.summary().at("/latency/e2e/p75").asDouble(), s.at("/latency/e2e/p75").asDouble(), 0.5);
        assertEquals(2 * one.summary().at("/warmup/samples").asLong(), s.at("/warmup/samples").asLong());
        assertEquals(400, s.at("/phase/warmup/latency/e2e/count").asLong());
        assertEquals(1200, s.at("/phase/steady/latency/e2e/count").asLong());
        assertEquals(240, s.at("/slice/3g/latency/e2e/count").asLong(), "the slice logs are merged too (120 a shard)");
        assertEquals(200.0, s.at("/fault/subway/during/latency/e2e/p50").asDouble(), 0.5);
        // shard b sent half of what it offered: the merged steady phase achieved 3/4
        assertEquals(0.75, s.at("/generator/achievedFraction").asDouble(), 1e-9);
        assertEquals(Verdict.INCONCLUSIVE, merged.verdict(), merged.line());
        assertTrue(Files.exists(tmp.resolve("m/generator.json")));
    }
}
