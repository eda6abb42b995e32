package dev.imbench.chaos;

import java.util.Map;
import java.util.TreeMap;

/**
 * One toxic as Toxiproxy describes it: {@code {name, type, stream, toxicity, attributes}}.
 *
 * @param name       unique within its proxy (Toxiproxy's default: {@code <type>_<stream>})
 * @param type       a name known to {@link Toxics}
 * @param stream     the direction it applies to
 * @param toxicity   the probability, drawn once per connection and direction, that it applies
 * @param attributes the type's attributes (latency, jitter, rate, …), whole numbers
 */
public record ToxicSpec(String name, String type, Direction stream, double toxicity, Map<String, Long> attributes) {

    /** Validates the common fields and the type's attributes, and copies the map. */
    public ToxicSpec {
        if (name == null || name.isBlank()) {
            name = type + "_" + stream.wire();
        }
        if (!(toxicity >= 0 && toxicity <= 1)) {
            throw new IllegalArgumentException("toxicity must be between 0 and 1, got " + toxicity);
        }
        attributes = Map.copyOf(Toxics.validate(type, new TreeMap<>(attributes)));
    }

    /** A toxic applying to every connection, named after its type and stream. */
    public static ToxicSpec of(String type, Direction stream, Map<String, Long> attributes) {
        return new ToxicSpec(null, type, stream, 1.0, attributes);
    }

    /** An attribute, or 0 when absent. */
    public long attr(String key) {
        return attributes.getOrDefault(key, 0L);
    }
}
