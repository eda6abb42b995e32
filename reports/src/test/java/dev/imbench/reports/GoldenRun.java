package dev.imbench.reports;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;

/**
 * Copies a checked-in golden run directory to a scratch place: {@code golden-run} (schema 1,
 * a real c2c run plus two fault events) or {@link #V2} (schema 2, synthetic and self-consistent).
 */
final class GoldenRun {

    private GoldenRun() {
    }

    /** The schema-2 golden run: warm-up, generator.json, slices, a fault in run.json, breakdowns, server metrics. */
    static final String V2 = "golden-run-v2";

    static Path copyTo(Path target) throws IOException, URISyntaxException {
        return copyTo("golden-run", target);
    }

    /** Copies the golden run directory {@code name} (a test resource) to {@code target}. */
    static Path copyTo(String name, Path target) throws IOException, URISyntaxException {
        return dev.imbench.reports.summary.GoldenDirs.copy(name, target);
    }
}
