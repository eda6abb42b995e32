package dev.imbench.scenario;

import dev.imbench.chaos.toxic.Direction;
import dev.imbench.chaos.toxic.ToxicRegistry;
import dev.imbench.chaos.toxic.ToxicSpec;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.nodes.Node;

/**
 * Reads a list of toxics written with Toxiproxy's fields ({@code name}, {@code type}, {@code stream},
 * {@code toxicity}, {@code attributes}). Unlike Toxiproxy, an attribute the type does not have is
 * refused (it would do nothing), and names must be unique in the list.
 */
final class ToxicReader {

    /** The most toxics one list may hold. */
    static final int MAX_TOXICS = 32;

    private ToxicReader() {
    }

    /** The toxics under {@code key} of {@code r} (empty when absent). */
    static List<ToxicSpec> list(MappingReader r, String key) {
        List<Node> items = r.list(key);
        if (items.size() > MAX_TOXICS) {
            throw r.error(r.keyNode(key), r.qualify(key), items.size() + " toxics; at most " + MAX_TOXICS);
        }
        List<ToxicSpec> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (Node item : items) {
            MappingReader t = r.child(r.qualify(key) + "[" + out.size() + "]", item);
            ToxicSpec spec = one(t);
            if (!names.add(spec.name())) {
                throw t.error(t.node(), t.qualify("name"), "toxic name \"" + spec.name() + "\" appears twice (two"
                        + " toxics of one type and stream need names of their own)");
            }
            out.add(spec);
        }
        return out;
    }

    private static ToxicSpec one(MappingReader t) {
        List<String> types = new ArrayList<>(ToxicRegistry.types());
        String type = t.oneOf("type", "", types);
        if (type.isEmpty()) {
            throw t.error(t.node(), t.qualify("type"), "missing; expected one of " + types);
        }
        String name = t.string("name", "");
        Direction stream = Direction.valueOf(t.oneOf("stream", "downstream", List.of("upstream", "downstream"))
                .toUpperCase(Locale.ROOT));
        double toxicity = t.number("toxicity", 1.0, 0, 1);
        Set<String> known = ToxicRegistry.require(type).defaults().keySet();
        MappingReader a = t.mapping("attributes");
        Map<String, Long> attributes = new LinkedHashMap<>();
        for (String k : a.keys()) {
            if (!known.contains(k)) {
                throw a.error(a.keyNode(k), a.qualify(k), "toxic " + type + " has no attribute " + k + "; it has " + known);
            }
            attributes.put(k, a.whole(k, 0, 0, Integer.MAX_VALUE));
        }
        a.finish();
        t.finish();
        try {
            return new ToxicSpec(name.isEmpty() ? null : name, type, stream, toxicity, attributes);
        } catch (IllegalArgumentException e) {
            throw t.error(t.node(), t.qualify(""), e.getMessage());
        }
    }
}
