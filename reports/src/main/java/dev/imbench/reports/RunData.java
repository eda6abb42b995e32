package dev.imbench.reports;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Everything a report shows, read from one run directory. A file that is
 * missing or unreadable leaves an empty node and a line in {@link #problems()}.
 *
 * @param dir       the run directory
 * @param summary   summary.json
 * @param run       run.json
 * @param delivery  delivery.json
 * @param counters  counters.json
 * @param events    events.jsonl, one node per line
 * @param series    series.csv by column name (t first)
 * @param latency   per metric, from latency/&lt;metric&gt;.hlog
 * @param scenario  scenario.yaml as text
 * @param problems  what could not be read, one sentence each naming the file
 */
public record RunData(Path dir, JsonNode summary, JsonNode run, JsonNode delivery, JsonNode counters,
                      List<JsonNode> events, Map<String, double[]> series, Map<String, LatencyLog> latency,
                      String scenario, List<String> problems) {
}
