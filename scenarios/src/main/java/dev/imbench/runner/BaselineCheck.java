package dev.imbench.runner;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imbench.reports.Regression;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * A run against a stored baseline, by the rule of {@link Regression}.
 *
 * @param rows      one row per compared value
 * @param tolerance the allowed relative change
 */
public record BaselineCheck(List<Regression.Row> rows, double tolerance) {

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
        return new BaselineCheck(Regression.compare(SummaryBuilder.readJson(file), current, tolerance), tolerance);
    }

    /** Lines for the terminal. */
    public String render() {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "baseline (tolerance %.0f%%): %s%n",
                tolerance * 100, passed() ? "no regression" : "REGRESSED"));
        for (Regression.Row r : rows) {
            b.append(String.format(Locale.ROOT, "  %-30s %12.2f -> %12.2f%s%n", r.metric(), r.baseline(), r.current(),
                    r.regressed() ? "  REGRESSED" : ""));
        }
        return b.toString().stripTrailing();
    }
}
