package dev.imbench.scenario;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;

/**
 * Reads one YAML mapping field by field with types, ranges and defaults, and
 * refuses unknown keys; every error names the file, line and key path.
 */
final class MappingReader {

    private final String source;
    private final String path;
    private final Node node;
    private final Map<String, NodeTuple> entries = new LinkedHashMap<>();
    private final Set<String> asked = new LinkedHashSet<>();

    MappingReader(String source, String path, Node node) {
        this.source = source;
        this.path = path;
        this.node = node;
        if (node != null) {
            if (!(node instanceof MappingNode m)) {
                throw error(node, path, "expected a mapping of keys to values");
            }
            for (NodeTuple t : m.getValue()) {
                String key = scalarText(t.getKeyNode(), path);
                if (entries.put(key, t) != null) {
                    throw error(t.getKeyNode(), qualify(key), "the key appears twice");
                }
            }
        }
    }

    ScenarioException error(Node at, String keyPath, String message) {
        return error(source, at, keyPath, message);
    }

    static ScenarioException error(String source, Node at, String keyPath, String message) {
        return new ScenarioException(where(source, at) + (keyPath.isEmpty() ? "" : keyPath + ": ") + message);
    }

    private static String where(String source, Node at) {
        Mark m = at == null ? null : at.getStartMark();
        if (m == null) {
            return source + ": ";
        }
        return m.getName().startsWith("--set") ? m.getName() + ": " : source + ":" + (m.getLine() + 1) + ": ";
    }

    String qualify(String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    /** The value node of {@code key}, or null when absent or null. */
    Node take(String key) {
        asked.add(key);
        NodeTuple t = entries.get(key);
        if (t == null) {
            return null;
        }
        Node v = t.getValueNode();
        if (v instanceof ScalarNode s && s.getTag().equals(org.yaml.snakeyaml.nodes.Tag.NULL)) {
            return null;
        }
        return v;
    }

    private String scalarText(Node n, String p) {
        if (!(n instanceof ScalarNode s)) {
            throw error(n, p, "expected a single value, not a list or mapping");
        }
        return s.getValue();
    }

    String string(String key, String fallback) {
        Node n = take(key);
        return n == null ? fallback : scalarText(n, qualify(key)).trim();
    }

    String oneOf(String key, String fallback, List<String> allowed) {
        Node n = take(key);
        if (n == null) {
            return fallback;
        }
        String v = scalarText(n, qualify(key)).trim().toLowerCase(Locale.ROOT);
        if (!allowed.contains(v)) {
            throw error(n, qualify(key), "expected one of " + allowed + ", got \"" + v + "\"");
        }
        return v;
    }

    long whole(String key, long fallback, long min, long max) {
        Node n = take(key);
        if (n == null) {
            return fallback;
        }
        String text = scalarText(n, qualify(key)).trim().replace("_", "");
        try {
            long v = Long.parseLong(text);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error below
        }
        throw error(n, qualify(key), "expected a whole number from " + min + " to " + max + ", got \"" + text + "\"");
    }

    double number(String key, double fallback, double min, double max) {
        Node n = take(key);
        if (n == null) {
            return fallback;
        }
        String text = scalarText(n, qualify(key)).trim().replace("_", "");
        try {
            double v = text.endsWith("%") ? Double.parseDouble(text.substring(0, text.length() - 1)) / 100
                    : Double.parseDouble(text);
            if (v >= min && v <= max && !Double.isNaN(v)) {
                return v;
            }
        } catch (NumberFormatException ignored) {
            // fall through to the error below
        }
        throw error(n, qualify(key), "expected a number from " + min + " to " + max + ", got \"" + text + "\"");
    }

    Duration duration(String key, Duration fallback, Duration min, Duration max) {
        Node n = take(key);
        if (n == null) {
            return fallback;
        }
        String text = scalarText(n, qualify(key));
        Duration d;
        try {
            d = Durations.parse(text);
        } catch (IllegalArgumentException e) {
            throw error(n, qualify(key), e.getMessage());
        }
        if (d.compareTo(min) < 0 || d.compareTo(max) > 0) {
            throw error(n, qualify(key), "expected a duration from " + Durations.format(min) + " to "
                    + Durations.format(max) + ", got " + text);
        }
        return d;
    }

    MappingReader mapping(String key) {
        return new MappingReader(source, qualify(key), take(key));
    }

    /** A reader for a list item or other node below this mapping. */
    MappingReader child(String childPath, Node child) {
        return new MappingReader(source, childPath, child);
    }

    /** The items of a list (a single scalar counts as a list of one). */
    List<Node> list(String key) {
        Node n = take(key);
        if (n == null) {
            return List.of();
        }
        if (n instanceof SequenceNode s) {
            return s.getValue();
        }
        if (n instanceof ScalarNode) {
            return List.of(n);
        }
        throw error(n, qualify(key), "expected a list");
    }

    List<String> strings(String key, List<String> fallback) {
        Node n = take(key);
        if (n == null) {
            return fallback;
        }
        List<Node> items = n instanceof SequenceNode s ? s.getValue() : List.of(n);
        List<String> out = new ArrayList<>();
        for (Node item : items) {
            String text = scalarText(item, qualify(key));
            for (String part : text.split(",")) {
                if (!part.isBlank()) {
                    out.add(part.trim());
                }
            }
        }
        return out;
    }

    Node node() {
        return node;
    }

    /** Whether the mapping has {@code key} (with any value, null included); does not count as reading it. */
    boolean has(String key) {
        return entries.containsKey(key);
    }

    /** The key node of {@code key} (for error positions), or the mapping when absent. */
    Node keyNode(String key) {
        NodeTuple t = entries.get(key);
        return t == null ? node : t.getKeyNode();
    }

    /** The keys in file order. */
    Set<String> keys() {
        return java.util.Collections.unmodifiableSet(entries.keySet());
    }

    /** Refuses any key that was never asked for. Call after reading every field. */
    void finish() {
        for (Map.Entry<String, NodeTuple> e : entries.entrySet()) {
            if (!asked.contains(e.getKey())) {
                throw error(e.getValue().getKeyNode(), qualify(e.getKey()), "unknown key; expected one of " + asked);
            }
        }
    }
}
