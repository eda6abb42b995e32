package dev.imbench.reports;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Copies the checked-in golden run directory (a real c2c run plus two fault events) to a scratch place. */
final class GoldenRun {

    private GoldenRun() {
    }

    static Path copyTo(Path target) throws IOException, URISyntaxException {
        Path source = Path.of(GoldenRun.class.getResource("/golden-run/summary.json").toURI()).getParent();
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
