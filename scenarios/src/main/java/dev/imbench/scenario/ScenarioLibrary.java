package dev.imbench.scenario;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The scenarios shipped with imbench ({@code scenarios/*.yaml} in the source
 * tree, {@code /scenarios/*.yaml} in the jar). {@code imbench run c2c} finds
 * one by name; a path to a file always wins.
 */
public final class ScenarioLibrary {

    /** The names of the shipped scenarios. */
    public static final List<String> NAMES = List.of("login-storm", "kickout", "c2c", "group-fanout",
            "offline-pull", "mixed-day", "c2c-3g", "group-fanout-subway", "demo", "gate-failover", "mysql-outage",
            "redis-restart", "link-partition", "subway-rush", "business-flows");

    private ScenarioLibrary() {
    }

    /** The YAML text of a shipped scenario, if {@code name} is one. */
    public static Optional<String> text(String name) {
        String base = name.endsWith(".yaml") ? name.substring(0, name.length() - 5) : name;
        if (!NAMES.contains(base)) {
            return Optional.empty();
        }
        try (InputStream in = ScenarioLibrary.class.getResourceAsStream("/scenarios/" + base + ".yaml")) {
            if (in == null) {
                return Optional.empty();
            }
            return Optional.of(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Loads a scenario given as a file path or a library name.
     *
     * @throws ScenarioException when it is neither, listing the library's names
     */
    public static Scenario load(String fileOrName, ScenarioLoader loader, Overrides overrides) {
        Path p = Path.of(fileOrName);
        if (Files.exists(p)) {
            return loader.load(p, overrides);
        }
        return text(fileOrName)
                .map(t -> loader.parse(fileOrName + ".yaml", t, overrides))
                .orElseThrow(() -> new ScenarioException(fileOrName + ": no such scenario file, and not one of the "
                        + "shipped scenarios " + NAMES));
    }
}
