package dev.imbench.chaos.toxic;

import java.util.Map;
import java.util.TreeMap;

/**
 * One kind of toxic: its type name, its attributes with defaults, and a factory for the per
 * connection and direction behaviour ({@link ToxicStage}).
 */
public interface Toxic {

    /** Largest accepted attribute value; larger is rejected as absurd. */
    long MAX_ATTRIBUTE = Integer.MAX_VALUE;

    /** The Toxiproxy type name, e.g. {@code latency}. */
    String type();

    /** Every attribute with its default value. */
    Map<String, Long> defaults();

    /** Creates the stage for one connection and direction. */
    ToxicStage open(ToxicSpec spec, StageContext context);

    /**
     * Checks attributes (non-negative, not absurd) and fills defaults. Unknown attribute names are
     * ignored, as Toxiproxy does.
     */
    default Map<String, Long> validate(Map<String, Long> given) {
        Map<String, Long> out = new TreeMap<>(defaults());
        for (Map.Entry<String, Long> e : given.entrySet()) {
            if (!out.containsKey(e.getKey())) {
                continue;
            }
            Long v = e.getValue();
            if (v == null || v < 0) {
                throw new IllegalArgumentException(type() + "." + e.getKey() + " must be >= 0, got " + v);
            }
            if (v > MAX_ATTRIBUTE) {
                throw new IllegalArgumentException(type() + "." + e.getKey() + " is absurd: " + v);
            }
            out.put(e.getKey(), v);
        }
        return Map.copyOf(out);
    }
}
