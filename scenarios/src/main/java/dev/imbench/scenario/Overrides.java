package dev.imbench.scenario;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

/**
 * {@code --set key=value} overrides, applied to the YAML tree before it is
 * validated, so an override is checked exactly like the file.
 *
 * <p>A key is a dotted path ({@code population.clients}, {@code phases.0.duration},
 * {@code server.fanout}) or a shortcut:
 * <ul>
 *   <li>{@code clients}, {@code transport}, {@code ramp}: the population's count, transport, ramp rate;</li>
 *   <li>{@code duration}, {@code rate}: the duration and the c2c rate of every phase named {@code steady}
 *       (of every phase when none is);</li>
 *   <li>{@code network=3g} or {@code network=3g:0.3}: one weak-network slice (fraction 1 by default),
 *       {@code network=none}: no slice;</li>
 *   <li>{@code storage}, {@code routing}, {@code fanout}, {@code shards}, {@code gates},
 *       {@code logicNodes}: server settings.</li>
 * </ul>
 */
public final class Overrides {

    private static final Map<String, String> ALIASES = Map.of(
            "clients", "population.clients",
            "transport", "population.transport",
            "ramp", "population.rampPerSec",
            "storage", "server.storage",
            "routing", "server.routing",
            "fanout", "server.fanout",
            "shards", "server.shards",
            "gates", "server.gates",
            "logicNodes", "server.logicNodes");

    private final List<String[]> entries;

    private Overrides(List<String[]> entries) {
        this.entries = entries;
    }

    /** No overrides. */
    public static Overrides none() {
        return new Overrides(List.of());
    }

    /**
     * Parses {@code key=value} strings.
     *
     * @throws ScenarioException when one has no '=', an empty key, or an empty SLO ({@code slo.0=})
     */
    public static Overrides parse(List<String> sets) {
        List<String[]> out = new ArrayList<>();
        for (String s : sets) {
            int eq = s.indexOf('=');
            if (eq <= 0) {
                throw new ScenarioException("--set " + s + ": expected key=value, e.g. --set clients=20000");
            }
            String key = s.substring(0, eq).trim();
            String value = s.substring(eq + 1).trim();
            if (value.isEmpty() && (key.equals("slo") || key.startsWith("slo."))) {
                throw new ScenarioException("--set " + s + ": an empty SLO would drop a check without a word; give the SLO,"
                        + " e.g. --set " + key + "=\"latency.e2e.p99 < 200ms\"");
            }
            out.add(new String[] {key, value});
        }
        return new Overrides(out);
    }

    /** Whether there is nothing to apply. */
    public boolean isEmpty() {
        return entries.isEmpty();
    }

    /** The overrides as written, {@code key=value} each. */
    public List<String> asStrings() {
        return entries.stream().map(e -> e[0] + "=" + e[1]).toList();
    }

    /** Applies every override to the root mapping of a scenario document. */
    void applyTo(MappingNode root) {
        for (String[] e : entries) {
            String key = e[0];
            String value = e[1];
            Mark mark = new Mark("--set " + key + "=" + value, 0, 0, 0, new int[0], 0);
            switch (key) {
                case "duration" -> forSteadyPhases(root, mark, "duration", value);
                case "rate" -> forSteadyPhases(root, mark, "rates.c2c", value);
                case "network" -> setNetwork(root, mark, value);
                default -> set(root, ALIASES.getOrDefault(key, key).split("\\."), scalar(value, mark), mark);
            }
        }
    }

    private static ScalarNode scalar(String value, Mark mark) {
        return new ScalarNode(Tag.STR, value, mark, mark, DumperOptions.ScalarStyle.PLAIN);
    }

    private static void forSteadyPhases(MappingNode root, Mark mark, String subPath, String value) {
        Node phases = get(root, "phases");
        if (!(phases instanceof SequenceNode seq) || seq.getValue().isEmpty()) {
            throw new ScenarioException(mark.getName() + ": the scenario has no phases to apply it to");
        }
        List<Node> targets = seq.getValue().stream()
                .filter(p -> p instanceof MappingNode m && get(m, "name") instanceof ScalarNode s
                        && s.getValue().equals("steady"))
                .toList();
        for (Node p : targets.isEmpty() ? seq.getValue() : targets) {
            if (p instanceof MappingNode m) {
                set(m, subPath.split("\\."), scalar(value, mark), mark);
            }
        }
    }

    private static void setNetwork(MappingNode root, Mark mark, String value) {
        List<Node> slices = new ArrayList<>();
        if (!value.equalsIgnoreCase("none")) {
            for (String part : value.split(",")) {
                String[] pf = part.split(":", 2);
                List<NodeTuple> fields = new ArrayList<>();
                fields.add(new NodeTuple(scalar("profile", mark), scalar(pf[0].trim(), mark)));
                fields.add(new NodeTuple(scalar("fraction", mark), scalar(pf.length > 1 ? pf[1].trim() : "1.0", mark)));
                slices.add(new MappingNode(Tag.MAP, true, fields, mark, mark, DumperOptions.FlowStyle.FLOW));
            }
        }
        put(root, "network", new SequenceNode(Tag.SEQ, true, slices, mark, mark, DumperOptions.FlowStyle.FLOW));
    }

    private static Node get(MappingNode m, String key) {
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                return t.getValueNode();
            }
        }
        return null;
    }

    private static void put(MappingNode m, String key, Node value) {
        List<NodeTuple> tuples = m.getValue();
        for (int i = 0; i < tuples.size(); i++) {
            if (tuples.get(i).getKeyNode() instanceof ScalarNode k && k.getValue().equals(key)) {
                tuples.set(i, new NodeTuple(tuples.get(i).getKeyNode(), value));
                return;
            }
        }
        tuples.add(new NodeTuple(scalar(key, value.getStartMark()), value));
    }

    private static void set(Node at, String[] path, Node value, Mark mark) {
        Node cur = at;
        for (int i = 0; i < path.length; i++) {
            String seg = path[i];
            boolean last = i == path.length - 1;
            if (cur instanceof SequenceNode seq) {
                int idx;
                try {
                    idx = Integer.parseInt(seg);
                } catch (NumberFormatException e) {
                    throw new ScenarioException(mark.getName() + ": '" + seg + "' must be a list index (0, 1, …)");
                }
                if (idx < 0 || idx >= seq.getValue().size()) {
                    throw new ScenarioException(mark.getName() + ": index " + idx + " is outside the list of "
                            + seq.getValue().size());
                }
                if (last) {
                    seq.getValue().set(idx, value);
                    return;
                }
                cur = seq.getValue().get(idx);
            } else if (cur instanceof MappingNode m) {
                if (last) {
                    put(m, seg, value);
                    return;
                }
                Node next = get(m, seg);
                if (next == null) {
                    next = new MappingNode(Tag.MAP, true, new ArrayList<>(), mark, mark, DumperOptions.FlowStyle.BLOCK);
                    put(m, seg, next);
                }
                cur = next;
            } else {
                throw new ScenarioException(mark.getName() + ": '" + String.join(".", path)
                        + "' goes through a single value at '" + seg + "'");
            }
        }
    }
}
