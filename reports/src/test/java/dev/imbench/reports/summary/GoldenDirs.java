package dev.imbench.reports.summary;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.stream.Stream;

/** Copies a checked-in run directory of the test resources to a scratch place. */
public final class GoldenDirs {

    private GoldenDirs() {
    }

    /** Copies the resource directory {@code name} (it holds a run.json) into {@code target}. */
    public static Path copy(String name, Path target) throws IOException, URISyntaxException {
        Path source = Path.of(GoldenDirs.class.getResource("/" + name + "/run.json").toURI()).getParent();
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
