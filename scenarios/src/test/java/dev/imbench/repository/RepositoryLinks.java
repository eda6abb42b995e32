package dev.imbench.repository;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds the places where the repository's prose points at something the repository does not carry.
 *
 * <p>The rule, for every Markdown file and every comment line of a source file (Java, protobuf,
 * shell, YAML, XML: a line whose first characters are {@code //}, {@code *}, {@code /*}, {@code #}
 * or {@code <!--}):
 * <ul>
 *   <li>a Markdown link {@code [text](target)} whose target is not a URL ({@code scheme:}) or an
 *       anchor ({@code #…}) must name an existing file or directory, relative to the Markdown file;</li>
 *   <li>a path mention, a word of at least two {@code /}-separated segments ending in a file name
 *       with one of {@link #EXTENSIONS} (such as {@code docs/design.md} or
 *       {@code src/test/java/dev/imbench/repository/RepositoryLinks.java}), must exist relative to the mentioning file's
 *       directory or any of its ancestors up to the repository root (so a module README may name
 *       {@code src/...} and any file may name {@code docs/...}); mentions with {@code ...},
 *       {@code <}, {@code *} or {@code $} are patterns, not paths, and are skipped;</li>
 *   <li>nothing points outside the repository: no path up into a sibling {@code shared} folder and
 *       none into the machine's {@code work} root (see {@code OUTSIDE}).</li>
 * </ul>
 * Directories named {@code target}, {@code node_modules} and hidden ones other than {@code .ci} are
 * not read.
 */
final class RepositoryLinks {

    /** File name endings that make a word a path mention. */
    static final Set<String> EXTENSIONS = Set.of("md", "java", "proto", "yaml", "yml", "json", "sh", "xml", "html", "js", "css");

    private static final Set<String> SOURCE_EXTENSIONS = Set.of("java", "proto", "sh", "yaml", "yml", "xml");
    private static final Pattern MARKDOWN_LINK = Pattern.compile("\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern PATH_MENTION = Pattern.compile(
            "(?<![\\w./:<>*$-])((?:\\.\\./|\\./)*[\\w.@-]+(?:/[\\w.@-]+)+\\.(?:" + String.join("|", EXTENSIONS) + "))(?![\\w/<>*$])");
    private static final List<String> OUTSIDE = List.of("../" + "shared", "/" + "work/");

    private final Path root;

    RepositoryLinks(Path root) {
        this.root = root.toAbsolutePath().normalize();
    }

    /** A place that points at nothing: file, 1-based line, what it names. */
    record Broken(Path file, int line, String target) {
        @Override
        public String toString() {
            return file + ":" + line + ": " + target;
        }
    }

    /** Every broken link and mention under the root. */
    List<Broken> broken() {
        List<Broken> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            files.filter(Files::isRegularFile).filter(this::readable).sorted().forEach(f -> check(f, out));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private boolean readable(Path file) {
        for (Path part : root.relativize(file.getParent() == null ? file : file.getParent())) {
            String name = part.toString();
            if (name.equals("target") || name.equals("node_modules") || (name.startsWith(".") && !name.equals(".ci"))) {
                return false;
            }
        }
        String ext = extension(file);
        return ext.equals("md") || SOURCE_EXTENSIONS.contains(ext) || file.getFileName().toString().equals("run");
    }

    private void check(Path file, List<Broken> out) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            return; // not UTF-8 text: nothing to read
        }
        boolean markdown = extension(file).equals("md");
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!markdown && !isComment(line)) {
                continue;
            }
            Path relative = root.relativize(file);
            for (String outside : OUTSIDE) {
                if (line.contains(outside)) {
                    out.add(new Broken(relative, i + 1, outside));
                }
            }
            if (markdown) {
                Matcher link = MARKDOWN_LINK.matcher(line);
                while (link.find()) {
                    String target = link.group(1);
                    if (target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*") || target.startsWith("#")) {
                        continue;
                    }
                    String path = target.replaceFirst("[#?].*$", "");
                    if (!path.isEmpty() && !Files.exists(file.getParent().resolve(path))) {
                        out.add(new Broken(relative, i + 1, target));
                    }
                }
            }
            Matcher mention = PATH_MENTION.matcher(line);
            while (mention.find()) {
                String path = mention.group(1);
                if (path.contains("...") || !resolves(file.getParent(), path)) {
                    if (!path.contains("...")) {
                        out.add(new Broken(relative, i + 1, path));
                    }
                }
            }
        }
    }

    private boolean resolves(Path from, String path) {
        for (Path dir = from; dir != null && dir.startsWith(root); dir = dir.getParent()) {
            if (Files.exists(dir.resolve(path))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isComment(String line) {
        String t = line.strip();
        return t.startsWith("//") || t.startsWith("*") || t.startsWith("/*") || t.startsWith("#") || t.startsWith("<!--");
    }

    private static String extension(Path file) {
        String name = file.getFileName().toString();
        int dot = name.lastIndexOf('.');
        return dot < 0 ? "" : name.substring(dot + 1);
    }
}
