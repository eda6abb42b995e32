package dev.imbench.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The capacity chart of a sweep: every run of {@code sweep.json} as a point of
 * throughput (deliveries/s) against end-to-end p99, with its settings, written
 * as {@code sweep.html} beside the sweep's files.
 */
public final class SweepReport {

    private static final ObjectMapper JSON = new ObjectMapper();

    private SweepReport() {
    }

    /**
     * Reads {@code sweep.json} in {@code sweepDir} and writes {@code sweep.html} beside it.
     *
     * @throws IllegalArgumentException when sweep.json is missing or not a sweep
     */
    public static Path write(Path sweepDir) {
        JsonNode sweep;
        try {
            sweep = JSON.readTree(sweepDir.resolve("sweep.json").toFile());
        } catch (IOException e) {
            throw new IllegalArgumentException(sweepDir.resolve("sweep.json") + " is missing or malformed: " + e.getMessage());
        }
        if (sweep == null || !sweep.path("runs").isArray()) {
            throw new IllegalArgumentException(sweepDir.resolve("sweep.json") + " has no runs array");
        }
        Path page = sweepDir.resolve("sweep.html");
        try {
            Files.writeString(page, Pages.fill("/dev/imbench/reports/sweep.html",
                    "imbench · sweep of " + sweep.path("scenario").asText("?"), sweep));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + page, e);
        }
        return page;
    }
}
