package dev.imbench.repository;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The repository carries its own knowledge: every Markdown link, and every path that a Markdown file
 * or a source comment names, exists in the repository, and nothing points outside it. The rule is
 * {@link RepositoryLinks}'s.
 */
class RepositoryLinksTest {

    @Test
    void shouldFindNoLinkOrPathMentionThatPointsAtNothing() {
        List<RepositoryLinks.Broken> broken = new RepositoryLinks(repositoryRoot()).broken();
        assertTrue(broken.isEmpty(), () -> "links and path mentions that name nothing in the repository:\n"
                + String.join("\n", broken.stream().map(Object::toString).toList()));
    }

    @Test
    void shouldReportBrokenLinksMentionsAndOutsidePathsButNotPatternsOrUrls(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("docs"));
        Files.createDirectories(root.resolve("mod/src/main/proto"));
        Files.writeString(root.resolve("docs/design.md"), "# design\n");
        Files.writeString(root.resolve("mod/src/main/proto/im.proto"), "// see docs/design.md and docs/gone.md\n"
                + "message M {} // not a comment line: docs/also-gone.md\n");
        Files.writeString(root.resolve("mod/README.md"), String.join("\n",
                "[ok](../docs/design.md#layers) [url](https://example.org/a/b.md) [anchor](#x)",
                "[broken](docs/design.md)",
                "`src/main/proto/im.proto` and `docs/design.md` exist from here; `src/none/x.java` does not",
                "patterns are skipped: `runs/<id>/summary.json`, `protocol/.../link.proto`, `src/*/X.java`",
                "outside: ../" + "shared" + "/seed", ""));
        Files.createDirectories(root.resolve("mod/target"));
        Files.writeString(root.resolve("mod/target/ignored.md"), "[x](nowhere.md)\n");

        List<String> found = new RepositoryLinks(root).broken().stream().map(Object::toString).toList();

        assertEquals(List.of(
                "mod/README.md:2: docs/design.md",
                "mod/README.md:3: src/none/x.java",
                "mod/README.md:5: ../" + "shared",
                "mod/src/main/proto/im.proto:1: docs/gone.md"), found);
    }

    /** The directory holding the parent pom and the {@code imbench} launcher, above this module. */
    static Path repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("imbench")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("no repository root above " + Path.of("").toAbsolutePath());
    }
}
