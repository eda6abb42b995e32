package dev.imbench.chaos.toxic;

import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable, validated description of one toxic, as in Toxiproxy's JSON:
 * {@code {"name","type","stream","toxicity","attributes":{...}}}.
 *
 * @param name       unique within its proxy; defaults to {@code <type>_<stream>}
 * @param type       a type known to {@link ToxicRegistry}
 * @param stream     the direction it applies to
 * @param toxicity   probability in [0, 1] that a connection (per direction) is affected
 * @param attributes every attribute of the type, defaults filled in
 */
public record ToxicSpec(String name, String type, Direction stream, double toxicity, Map<String, Long> attributes) {

    /** Validates and fills defaults; throws {@link IllegalArgumentException} with a clear message. */
    public ToxicSpec {
        Toxic toxic = ToxicRegistry.require(type);
        if (stream == null) {
            stream = Direction.DOWNSTREAM;
        }
        if (name == null || name.isBlank()) {
            name = type + "_" + stream.wireName();
        }
        if (Double.isNaN(toxicity) || toxicity < 0 || toxicity > 1) {
            throw new IllegalArgumentException("toxicity must be between 0 and 1, got " + toxicity);
        }
        attributes = toxic.validate(attributes == null ? Map.of() : attributes);
    }

    /** A toxic with toxicity 1 and the default name. */
    public static ToxicSpec of(String type, Direction stream, Map<String, Long> attributes) {
        return new ToxicSpec(null, type, stream, 1.0, attributes);
    }

    /** The value of an attribute (present after validation). */
    public long attr(String key) {
        Long v = attributes.get(key);
        if (v == null) {
            throw new IllegalArgumentException("toxic " + type + " has no attribute " + key);
        }
        return v;
    }

    /** A copy with other attributes / toxicity (Toxiproxy's update: name, type and stream stay). */
    public ToxicSpec withUpdate(Map<String, Long> newAttributes, Double newToxicity) {
        Map<String, Long> merged = new TreeMap<>(attributes);
        if (newAttributes != null) {
            merged.putAll(newAttributes);
        }
        return new ToxicSpec(name, type, stream, newToxicity == null ? toxicity : newToxicity, merged);
    }
}
