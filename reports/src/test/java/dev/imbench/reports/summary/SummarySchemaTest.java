package dev.imbench.reports.summary;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.InputFormat;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** docs/summary.schema.json against the summaries the judge writes for real run directories. */
class SummarySchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    /** The shipped schema (the module runs its tests from its own directory, docs/ is beside it). */
    static Schema schema() throws Exception {
        Path file = Path.of("").toAbsolutePath().getParent().resolve("docs/summary.schema.json");
        return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12)
                .getSchema(Files.readString(file), InputFormat.JSON);
    }

    private static List<String> errors(JsonNode summary) throws Exception {
        return schema().validate(summary).stream().map(Error::toString).toList();
    }

    private JsonNode judged(String name, RunDirFixture f) throws Exception {
        Path dir = f.writeTo(tmp.resolve(name));
        Judge.judge(dir);
        return JSON.readTree(dir.resolve("summary.json").toFile());
    }

    @Test
    void shouldDescribeEverySummaryTheJudgeWrites() throws Exception {
        Path base = tmp.resolve("base.json");
        Files.writeString(base, "{\"latency\": {\"e2e\": {\"p50\": 1, \"p99\": 1, \"p999\": 1}}, \"delivery\": {\"lost\": 0}}");
        Path broken = new RunDirFixture().writeTo(tmp.resolve("broken"));
        Files.writeString(broken.resolve("delivery.json"), "not json");
        Judge.judge(broken);
        Path golden = GoldenDirs.copy("golden-run", tmp.resolve("golden"));
        Judge.judge(golden);
        Path real = GoldenDirs.copy("golden-run-v2", tmp.resolve("golden-v2"));
        ObjectNode run = (ObjectNode) JSON.readTree(real.resolve("run.json").toFile());
        ((ObjectNode) run.get("judge")).putNull("baseline"); // its baseline run is not shipped with it
        JSON.writeValue(real.resolve("run.json").toFile(), run);
        Judge.judge(real);
        List<JsonNode> summaries = List.of(judged("passed", new RunDirFixture()),
                judged("bound", new RunDirFixture().achieved(0.5)),
                judged("interrupted", new RunDirFixture().interrupted()),
                judged("regressed", new RunDirFixture().baseline(base)),
                judged("no-baseline", new RunDirFixture().baseline(tmp.resolve("gone"))),
                judged("older", new RunDirFixture().withoutGenerator()),
                JSON.readTree(broken.resolve("summary.json").toFile()),
                JSON.readTree(golden.resolve("summary.json").toFile()),
                JSON.readTree(real.resolve("summary.json").toFile()));
        // golden-run-v2 lost 5 messages: a failed delivery SLO fails the run even though its generator was bound
        assertEquals(List.of("passed", "inconclusive", "interrupted", "failed", "broken", "passed", "broken", "passed", "failed"),
                summaries.stream().map(s -> s.get("verdict").asText()).toList());
        for (JsonNode s : summaries) {
            assertEquals(List.of(), errors(s), s.get("verdict") + " " + s.get("id"));
        }
    }

    @Test
    void shouldRejectASummaryWhoseVerdictPlacesDisagree() throws Exception {
        ObjectNode s = (ObjectNode) judged("passed", new RunDirFixture());
        assertEquals(List.of(), errors(s));
        s.put("exitCode", 1);
        assertFalse(errors(s).isEmpty(), "passed with exit code 1 is not a summary.json");
        s.put("exitCode", 0);
        ((ObjectNode) s.at("/latency/e2e")).remove("p95");
        assertTrue(errors(s).stream().anyMatch(e -> e.contains("p95")), errors(s).toString());
    }
}
