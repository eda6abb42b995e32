package dev.imbench.reports;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the Prometheus text exposition format of {@code server-metrics.prom}:
 * one sample per line, {@code name{label="value",…} number [timestamp]}, with
 * {@code # HELP}/{@code # TYPE} comments. A {@code # imbench node <id> (<role>)}
 * line (the runner writes one before each node's scrape) names the node of the
 * samples that follow; samples before any such line belong to node {@code server}.
 */
public final class PromText {

    /**
     * One sample.
     *
     * @param node   the node that exposed it
     * @param role   that node's role ({@code gate}, {@code logic}, or empty)
     * @param name   the metric name as exposed (e.g. {@code imbench_store_latency_seconds_bucket})
     * @param labels its labels in file order
     * @param value  its value ({@code NaN}, {@code ±Inf} allowed)
     */
    public record Sample(String node, String role, String name, Map<String, String> labels, double value) {
    }

    /**
     * What a file held.
     *
     * @param samples  every sample, in file order
     * @param problems lines that could not be read, each naming its line number
     */
    public record Parsed(List<Sample> samples, List<String> problems) {
    }

    private static final Pattern NODE = Pattern.compile("#\\s*imbench node\\s+(\\S+)(?:\\s+\\(([^)]*)\\))?.*");
    private static final Pattern SAMPLE = Pattern.compile("([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\\{(.*)})?\\s+(\\S+)(?:\\s+-?\\d+)?\\s*");
    private static final Pattern LABEL = Pattern.compile("\\s*([a-zA-Z_][a-zA-Z0-9_]*)\\s*=\\s*\"((?:[^\"\\\\]|\\\\.)*)\"\\s*,?");

    private PromText() {
    }

    /** Parses {@code text}; {@code file} names it in problems. */
    public static Parsed parse(String text, String file) {
        List<Sample> samples = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        String node = "server";
        String role = "";
        int line = 0;
        for (String l : text.split("\n", -1)) {
            line++;
            String t = l.strip();
            if (t.isEmpty()) {
                continue;
            }
            if (t.startsWith("#")) {
                Matcher n = NODE.matcher(t);
                if (n.matches()) {
                    node = n.group(1);
                    role = n.group(2) == null ? "" : n.group(2);
                }
                continue;
            }
            Matcher m = SAMPLE.matcher(t);
            Map<String, String> labels = m.matches() ? labels(m.group(2)) : null;
            Double value = m.matches() ? number(m.group(3)) : null;
            if (labels == null || value == null) {
                problems.add(file + ":" + line + " is not a Prometheus sample; skipped");
                continue;
            }
            samples.add(new Sample(node, role, m.group(1), labels, value));
        }
        return new Parsed(List.copyOf(samples), List.copyOf(problems));
    }

    private static Map<String, String> labels(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        if (body == null || body.isBlank()) {
            return out;
        }
        Matcher m = LABEL.matcher(body);
        int at = 0;
        while (at < body.length() && m.find(at) && m.start() == at) {
            out.put(m.group(1), m.group(2).replace("\\\"", "\"").replace("\\n", "\n").replace("\\\\", "\\"));
            at = m.end();
        }
        return body.substring(at).isBlank() ? out : null;
    }

    private static Double number(String s) {
        return switch (s) {
            case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
            case "-Inf" -> Double.NEGATIVE_INFINITY;
            case "NaN" -> Double.NaN;
            default -> {
                try {
                    yield Double.parseDouble(s);
                } catch (NumberFormatException e) {
                    yield null;
                }
            }
        };
    }
}
