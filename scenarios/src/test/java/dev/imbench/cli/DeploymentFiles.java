package dev.imbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** What the compose and Kubernetes tests share: where docker/ is, shell words, the CLI's parse of a command. */
final class DeploymentFiles {

    private DeploymentFiles() {
    }

    /** The repository's docker/ directory (tests run in scenarios/). */
    static Path dockerDir() {
        Path d = Path.of("").toAbsolutePath().getParent().resolve("docker");
        assertTrue(Files.isDirectory(d), "docker/ beside the modules: " + d);
        return d;
    }

    /**
     * The words of one simple shell command line after expanding {@code $VAR}, {@code "$VAR"} and
     * {@code $(VAR)} from {@code env} (an unknown variable fails the test: the manifest would pass it on empty).
     */
    static List<String> words(String line, Map<String, String> env) {
        Matcher m = Pattern.compile("\\$\\(([A-Z_]+)\\)|\\$\\{?([A-Z_]+)}?").matcher(line);
        StringBuilder sb = new StringBuilder();
        while (m.find()) {
            String name = m.group(1) != null ? m.group(1) : m.group(2);
            assertTrue(env.containsKey(name), "the command uses $" + name + ", which nothing sets: " + line);
            m.appendReplacement(sb, Matcher.quoteReplacement(env.get(name)));
        }
        m.appendTail(sb);
        List<String> out = new ArrayList<>();
        StringBuilder w = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        for (char c : sb.toString().toCharArray()) {
            if (c == '"') {
                quoted = !quoted;
                any = true;
            } else if (Character.isWhitespace(c) && !quoted) {
                if (any) {
                    out.add(w.toString());
                    w.setLength(0);
                    any = false;
                }
            } else {
                w.append(c);
                any = true;
            }
        }
        if (any) {
            out.add(w.toString());
        }
        return out;
    }

    /** The CLI's parse of {@code imbench <args>}: fails the test with picocli's message when it would not run. */
    static CommandLine.ParseResult parse(List<String> args) {
        try {
            return Imbench.commandLine().parseArgs(args.toArray(String[]::new)).subcommand();
        } catch (CommandLine.ParameterException e) {
            throw new AssertionError("imbench would refuse " + args + ": " + e.getMessage(), e);
        }
    }

    /** Every {@code --set key=value} of a server command: each key must be a server setting. */
    static Map<String, String> serverSettings(CommandLine.ParseResult server) {
        assertEquals("server", server.commandSpec().name());
        Map<String, String> sets = server.matchedOptionValue("--set", Map.of());
        java.util.Set<String> known = new java.util.HashSet<>(dev.imbench.server.backends.BackendConfig.KEYS);
        known.addAll(dev.imbench.server.cluster.ClusterConfig.KEYS);
        for (var c : dev.imbench.server.ServerConfig.class.getRecordComponents()) {
            known.add(c.getName());
        }
        for (String key : sets.keySet()) {
            assertTrue(known.contains(key), "'" + key + "' is not a server setting: " + key + "=" + sets.get(key));
        }
        return sets;
    }
}
