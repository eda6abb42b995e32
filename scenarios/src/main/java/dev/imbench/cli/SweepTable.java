package dev.imbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The rows of a sweep as a terminal table and as CSV. */
final class SweepTable {

    private SweepTable() {
    }

    private static String settings(JsonNode row) {
        List<String> parts = new ArrayList<>();
        row.path("settings").properties().forEach(e -> parts.add(e.getKey() + "=" + e.getValue().asText()));
        return parts.isEmpty() ? "(scenario as is)" : String.join(" ", parts);
    }

    static String render(JsonNode rows) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "%-40s %6s %12s %12s %10s%n",
                "settings", "exit", "c2c/s", "deliv/s", "e2e p99 ms"));
        for (JsonNode r : rows) {
            b.append(String.format(Locale.ROOT, "%-40s %6d %12.1f %12.1f %10.2f%n", settings(r), r.path("exitCode").asInt(),
                    r.path("throughput").path("c2cPerSec").asDouble(), r.path("throughput").path("deliveriesPerSec").asDouble(),
                    r.path("e2e").path("p99").asDouble()));
        }
        return b.toString().stripTrailing();
    }

    static void writeCsv(Path file, JsonNode rows) {
        StringBuilder b = new StringBuilder("settings,exitCode,c2cPerSec,deliveriesPerSec,e2eP99Ms,run\n");
        for (JsonNode r : rows) {
            b.append('"').append(settings(r).replace("\"", "\"\"")).append("\",").append(r.path("exitCode").asInt()).append(',')
                    .append(r.path("throughput").path("c2cPerSec").asDouble()).append(',')
                    .append(r.path("throughput").path("deliveriesPerSec").asDouble()).append(',')
                    .append(r.path("e2e").path("p99").asDouble()).append(',').append(r.path("run").asText()).append('\n');
        }
        try {
            Files.writeString(file, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
