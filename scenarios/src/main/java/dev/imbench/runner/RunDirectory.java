package dev.imbench.runner;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The directory of one run, {@code <out>/<yyyyMMdd-HHmmss>-<scenario>-s<seed>}
 * (UTC), made unique with a numeric suffix when a run of the same second exists.
 *
 * @param path the directory
 * @param id   its name, the run id
 */
public record RunDirectory(Path path, String id) {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    /** Creates a new, empty run directory under {@code outRoot}. */
    public static RunDirectory create(Path outRoot, String scenario, long seed, Instant start) {
        String base = STAMP.format(start) + "-" + scenario + "-s" + seed;
        try {
            Files.createDirectories(outRoot);
            for (int i = 1; ; i++) {
                String id = i == 1 ? base : base + "-" + i;
                Path p = outRoot.resolve(id);
                try {
                    Files.createDirectory(p);
                    return new RunDirectory(p, id);
                } catch (FileAlreadyExistsException taken) {
                    // try the next suffix
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a run directory under " + outRoot + ": " + e.getMessage(), e);
        }
    }

    /** A file of the run directory. */
    public Path file(String name) {
        return path.resolve(name);
    }
}
