package dev.imbench.reports.summary;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Error;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The report's schema-2 golden run holds a summary.json as docs/summary.schema.json describes it, so the report is tested on what the judge writes. */
class ReportFixtureSchemaTest {

    @Test
    void shouldHoldASummaryTheSchemaAccepts(@TempDir Path tmp) throws Exception {
        Path dir = GoldenDirs.copy("golden-run-v2", tmp.resolve("v2"));
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("summary.json").toFile());
        assertEquals(List.of(), SummarySchemaTest.schema().validate(summary).stream().map(Error::toString).toList());
    }
}
