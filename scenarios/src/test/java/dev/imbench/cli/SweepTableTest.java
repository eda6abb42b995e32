package dev.imbench.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The sweep's terminal table and CSV: a number a run did not measure is not shown as 0. */
class SweepTableTest {

    private static final String SWEEP = """
            {"repeat": 1, "runs": [
              {"settings": {"server.fanout": "write"}, "combination": 0, "repeat": 0, "exitCode": 0, "verdict": "passed",
               "run": "runs/a", "throughput": {"sendsPerSec": 24.0, "deliveriesPerSec": 60.5}, "e2e": {"p99": 12.25}},
              {"settings": {"server.fanout": "read"}, "combination": 1, "repeat": 0, "exitCode": 0, "verdict": "passed",
               "run": "runs/b", "throughput": {"sendsPerSec": 24.0, "c2cPerSec": 20.0, "c2gPerSec": 4.0,
               "deliveriesPerSec": 61.0}, "e2e": {"p99": 13.5}}]}
            """;

    @TempDir
    Path dir;

    @Test
    void shouldPrintNaForAPerKindRateTheSummaryDoesNotHave() throws Exception {
        String table = SweepTable.render(new ObjectMapper().readTree(SWEEP));
        List<String> lines = table.lines().toList();
        assertTrue(lines.get(1).matches("\\s+1 server\\.fanout=write\\s+1/1\\s+0 passed\\s+n/a\\s+n/a\\s+60\\.5\\s+12\\.25"),
                lines.get(1));
        assertTrue(lines.get(2).matches("\\s+2 server\\.fanout=read\\s+1/1\\s+0 passed\\s+20\\.0\\s+4\\.0\\s+61\\.0\\s+13\\.50"),
                lines.get(2));
        assertFalse(table.contains(" 0.0 "), table);
    }

    @Test
    void shouldLeaveTheCsvCellEmptyForANumberTheRunDidNotMeasure() throws Exception {
        JsonNode sweep = new ObjectMapper().readTree(SWEEP);
        Path csv = dir.resolve("sweep.csv");
        SweepTable.writeCsv(csv, sweep.get("runs"));
        List<String> lines = Files.readAllLines(csv);
        assertEquals("settings,combination,repeat,exitCode,verdict,c2cPerSec,c2gPerSec,deliveriesPerSec,e2eP99Ms,run",
                lines.get(0));
        assertEquals("\"server.fanout=write\",0,0,0,passed,,,60.5,12.25,runs/a", lines.get(1));
        assertEquals("\"server.fanout=read\",1,0,0,passed,20.0,4.0,61.0,13.5,runs/b", lines.get(2));
    }
}
