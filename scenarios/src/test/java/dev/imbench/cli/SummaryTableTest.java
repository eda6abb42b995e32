package dev.imbench.cli;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The terminal's statistics table: one screen, every metric with the same columns, values with units. */
class SummaryTableTest {

    private static final String STATS = "\"count\": %d, \"p50\": %s, \"p75\": 2, \"p90\": 3, \"p95\": 4, \"p99\": 5, \"p999\": 6,"
            + " \"p9999\": 7, \"max\": 8, \"unit\": \"ms\", \"coCorrected\": true, \"raw\": {\"count\": 1}";

    private static JsonNode summary() throws Exception {
        return new ObjectMapper().readTree("""
                {"schema": 2, "verdict": "inconclusive",
                 "clients": {"target": 50, "peakOnline": 49},
                 "throughput": {"sendsPerSec": 100, "c2cPerSec": 80, "c2gPerSec": 20, "deliveriesPerSec": 120, "offeredPerSec": 160},
                 "delivery": {"attempted": 600, "acked": 597, "expected": 600, "delivered": 598, "lost": 2, "verdict": "invalid"},
                 "errors": {"ERR_STORE_FAILED": 3},
                 "latency": {"ack": {%s}, "e2e": {%s, "online": {%s}, "offline": {%s}}},
                 "generator": {"measured": true, "bound": true, "why": "phase steady sent 60 %% of its sends"},
                 "slo": [{"check": "latency.e2e.p99 < 1ms", "status": "inconclusive", "actualText": "5 ms", "note": "inconclusive: …"},
                         {"check": "delivery.lost == 0", "status": "failed", "actualText": "2"}],
                 "baseline": {"path": "runs/a", "tolerance": 0.2, "passed": false,
                              "rows": [{"metric": "throughput.sendsPerSec", "baseline": 300, "current": 100, "unit": "/s", "regressed": true}]}}
                """.formatted(STATS.formatted(597, 1.5), STATS.formatted(598, 1.25), STATS.formatted(590, 1), STATS.formatted(8, 900)));
    }

    @Test
    void shouldPrintOneRowPerMetricWithCountPercentilesMaxAndErrorsOnOneScreen() throws Exception {
        String table = SummaryTable.render(summary());
        List<String> lines = table.lines().toList();
        assertTrue(lines.size() <= 24, "one screen: " + lines.size() + " lines\n" + table);
        assertEquals(List.of("latency", "(ms)", "count", "p50", "p75", "p95", "p99", "p99.9", "max", "errors"),
                List.of(lines.get(0).trim().split("\\s+")));
        assertEquals(List.of("ack", "597", "1.50", "2.00", "4.00", "5.00", "6.00", "8.00", "3"), List.of(lines.get(1).trim().split("\\s+")),
                "ack errors: sends never acked");
        assertEquals(List.of("e2e", "598", "1.25", "2.00", "4.00", "5.00", "6.00", "8.00", "2"), List.of(lines.get(2).trim().split("\\s+")),
                "e2e errors: messages lost");
        assertTrue(lines.get(3).trim().startsWith("online ") && lines.get(4).trim().startsWith("offline "), table);
        assertTrue(table.contains("(c2c 80.0/s) (c2g 20.0/s)") && table.contains("(offered 160.0/s)"), table);
        assertTrue(table.contains("errors: ERR_STORE_FAILED 3"), table);
        assertTrue(table.contains("generator: BOUND, phase steady sent 60 % of its sends"), table);
        assertTrue(table.contains("SLO INCONCLUSIVE latency.e2e.p99 < 1ms (actual 5 ms)"), table);
        assertTrue(table.contains("SLO FAIL delivery.lost == 0 (actual 2)"), table);
        assertTrue(table.contains("throughput.sendsPerSec") && table.contains("300/s ->") && table.contains("REGRESSED"), table);
    }
}
