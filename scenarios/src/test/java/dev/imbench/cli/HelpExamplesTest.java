package dev.imbench.cli;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * The examples {@code --help} shows can be pasted: each footer line is printed as written (not
 * wrapped at the usage width), and every {@code imbench …} example line parses.
 *
 * <p>How an example is read, as a shell would: lines ending in {@code \} continue on the next; a
 * trailing {@code &} and a {@code # comment} are dropped; {@code $NAME} is replaced by a
 * {@code NAME="…"} assignment shown earlier in the same help; single and double quotes group words.
 */
class HelpExamplesTest {

    private static final Pattern ASSIGNMENT = Pattern.compile("^\\s*([A-Z_]+)=\"([^\"]*)\"\\s*$");

    @Test
    void shouldPrintEveryFooterLineUnwrapped() {
        CommandLine root = Imbench.commandLine();
        for (CommandLine cmd : everyCommand(root)) {
            List<String> printed = cmd.getUsageMessage(CommandLine.Help.Ansi.OFF).lines().toList();
            for (String line : cmd.getCommandSpec().usageMessage().footer()) {
                assertTrue(printed.contains(line), () -> cmd.getCommandName() + " --help does not print this line whole:\n"
                        + line + "\nit printed:\n" + String.join("\n", printed));
                // Prose is wrapped in the source, at the usage width; only indented examples may be longer.
                assertTrue(line.startsWith("  ") || line.length() <= cmd.getUsageHelpWidth(),
                        () -> cmd.getCommandName() + ": a footer line of prose wider than the help: " + line);
            }
        }
    }

    @Test
    void shouldParseEveryExampleLineTheHelpShows() {
        List<String> examples = new ArrayList<>();
        for (CommandLine cmd : everyCommand(Imbench.commandLine())) {
            examples.addAll(examples(cmd.getUsageMessage(CommandLine.Help.Ansi.OFF)));
        }
        assertTrue(examples.size() >= 10, "expected the help to show examples, found " + examples);
        for (String example : examples) {
            List<String> words = words(example);
            assertEquals("imbench", words.getFirst(), example);
            String[] args = words.subList(1, words.size()).toArray(String[]::new);
            CommandLine.ParseResult parsed = assertDoesNotThrow(() -> Imbench.commandLine().parseArgs(args),
                    () -> "the help's example does not parse: " + example);
            assertTrue(parsed.hasSubcommand(), example);
            assertFalse(parsed.subcommand().matchedArgs().isEmpty() && parsed.subcommand().matchedPositionals().isEmpty(),
                    () -> "an example that sets nothing: " + example);
        }
    }

    @Test
    void shouldReadExamplesAsAShellWould() {
        String help = String.join("\n", "Examples:",
                "  X=\"--set a=1 --set 'b=two words'\"",
                "  imbench run c2c --seed 7 $X   # comment",
                "  imbench toxiproxy --port 8474 &",
                "  imbench sweep c2c --find-max rate \\",
                "      --slo 'latency.e2e.p99 < 200ms'",
                "  curl -XPOST localhost:8474/proxies");
        List<String> examples = examples(help);
        assertEquals(List.of("imbench run c2c --seed 7 --set a=1 --set 'b=two words'",
                "imbench toxiproxy --port 8474",
                "imbench sweep c2c --find-max rate --slo 'latency.e2e.p99 < 200ms'"), examples);
        assertEquals(List.of("imbench", "run", "c2c", "--seed", "7", "--set", "a=1", "--set", "b=two words"),
                words(examples.getFirst()));
    }

    private static List<CommandLine> everyCommand(CommandLine root) {
        List<CommandLine> all = new ArrayList<>();
        all.add(root);
        for (CommandLine sub : root.getSubcommands().values()) {
            all.addAll(everyCommand(sub));
        }
        return all;
    }

    /** The {@code imbench …} example lines of one help text, continuations joined, variables replaced. */
    static List<String> examples(String help) {
        Map<String, String> variables = new HashMap<>();
        List<String> out = new ArrayList<>();
        List<String> lines = help.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            Matcher assignment = ASSIGNMENT.matcher(lines.get(i));
            if (assignment.matches()) {
                variables.put(assignment.group(1), assignment.group(2));
                continue;
            }
            String line = lines.get(i).strip();
            if (!line.startsWith("imbench ")) {
                continue;
            }
            StringBuilder example = new StringBuilder();
            while (line.endsWith("\\") && i + 1 < lines.size()) {
                example.append(line, 0, line.length() - 1).append(' ');
                line = lines.get(++i).strip();
            }
            example.append(line);
            String text = example.toString().replaceFirst("\\s+#.*$", "").replaceFirst("\\s*&$", "");
            for (Map.Entry<String, String> v : variables.entrySet()) {
                text = text.replace("$" + v.getKey(), v.getValue());
            }
            out.add(text.replaceAll("\\s+", " ").strip());
        }
        return out;
    }

    /** Splits like a shell: whitespace separates words, quotes group them. */
    static List<String> words(String line) {
        List<String> words = new ArrayList<>();
        StringBuilder word = new StringBuilder();
        boolean inWord = false;
        char quote = 0;
        for (char c : line.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    word.append(c);
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
                inWord = true;
            } else if (Character.isWhitespace(c)) {
                if (inWord) {
                    words.add(word.toString());
                    word.setLength(0);
                    inWord = false;
                }
            } else {
                word.append(c);
                inWord = true;
            }
        }
        if (inWord) {
            words.add(word.toString());
        }
        return words;
    }
}
