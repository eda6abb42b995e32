package dev.imbench.reports;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

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
        Path source = Path.of(GoldenRun.class.getResource("/" + name + "/summary.json").toURI()).getParent();
        try (Stream<Path> files = Files.walk(source)) {
            for (Path p : files.toList()) {
                Path dest = target.resolve(source.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(dest);
                } else {
                    Files.copy(p, dest, StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
        return target;
    }
}
