package dev.imbench.reports.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imbench.reports.Regression;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A run against a stored baseline, by the rule of {@link Regression}.
 *
 * @param path      the baseline as given (a run directory or a summary.json)
 * @param rows      one row per compared value
 * @param tolerance the allowed relative change
 */
public record BaselineCheck(Path path, List<Regression.Row> rows, double tolerance) {

    /** Copies the list. */
    public BaselineCheck {
        rows = List.copyOf(rows);
    }

    /** Whether nothing regressed. */
    public boolean passed() {
        return rows.stream().noneMatch(Regression.Row::regressed);
    }

    /**
     * Compares a summary with a baseline run directory or summary.json file.
     *
     * @throws IllegalArgumentException when the baseline cannot be read
     */
    public static BaselineCheck compare(JsonNode current, Path baseline, double tolerance) {
        Path file = Files.isDirectory(baseline) ? baseline.resolve("summary.json") : baseline;
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException(file + " does not exist");
        }
        JsonNode base;
        try {
            base = SummaryBuilder.readJson(file);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        }
        if (!base.path("latency").isObject() && !base.path("delivery").isObject()) {
            throw new IllegalArgumentException(file + " is not a summary.json (no latency or delivery section)");
        }
        return new BaselineCheck(baseline, Regression.compare(base, current, tolerance), tolerance);
    }

    /** The summary.json {@code baseline} section. */
    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("path", path.toString()).put("tolerance", tolerance).put("passed", passed());
        ArrayNode regressions = n.putArray("regressions");
        ArrayNode improvements = n.putArray("improvements");
        ArrayNode all = n.putArray("rows");
        for (Regression.Row r : rows) {
            ObjectNode row = row(r);
            all.add(row);
            if (r.regressed()) {
                regressions.add(row.deepCopy());
            } else if (r.improved()) {
                improvements.add(row.deepCopy());
            }
        }
        return n;
    }

    private static ObjectNode row(Regression.Row r) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.put("metric", r.metric()).put("baseline", r.baseline()).put("current", r.current());
        double change = r.change();
        if (Double.isNaN(change)) {
            n.putNull("change");
        } else {
            n.put("change", Math.round(change * 10000) / 10000.0);
        }
        n.put("unit", SloPaths.unitOf(r.metric()));
        n.put("regressed", r.regressed()).put("improved", r.improved());
        return n;
    }

    /** Lines for the terminal, from a summary.json {@code baseline} section. */
    public static String render(JsonNode section) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "baseline %s (tolerance %.0f%%): %s%n",
                section.path("path").asText(), section.path("tolerance").asDouble() * 100,
                section.has("error") ? "NOT COMPARED: " + section.path("error").asText()
                        : section.path("passed").asBoolean() ? "no regression" : "REGRESSED"));
        for (JsonNode r : section.path("rows")) {
            String unit = r.path("unit").asText();
            b.append(String.format(Locale.ROOT, "  %-30s %14s -> %14s%s%n", r.path("metric").asText(),
                    SloPaths.withUnit(r.path("baseline").asDouble(), unit), SloPaths.withUnit(r.path("current").asDouble(), unit),
                    r.path("regressed").asBoolean() ? "  REGRESSED" : r.path("improved").asBoolean() ? "  improved" : ""));
        }
        return b.toString().stripTrailing();
    }
}
