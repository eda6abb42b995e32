package dev.imbench.chaos.toxic;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** The toxic types known by name. */
public final class ToxicRegistry {

    private static final Map<String, Toxic> TOXICS = new LinkedHashMap<>();

    static {
        for (Toxic t : new Toxic[] {
            new LatencyToxic(), new BandwidthToxic(), new SlicerToxic(), new TimeoutToxic(),
            new ResetPeerToxic(), new SlowCloseToxic(), new LimitDataToxic(), new BlackoutToxic()}) {
            TOXICS.put(t.type(), t);
        }
    }

    private ToxicRegistry() {
    }

    /** Every registered type name, in registration order. */
    public static Set<String> types() {
        return java.util.Collections.unmodifiableSet(TOXICS.keySet());
    }

    /**
     * The toxic of that type.
     *
     * @throws IllegalArgumentException for an unknown type, listing the known ones
     */
    public static Toxic require(String type) {
        Toxic t = type == null ? null : TOXICS.get(type);
        if (t == null) {
            throw new IllegalArgumentException("unknown toxic type: " + type + " (known: " + TOXICS.keySet() + ")");
        }
        return t;
    }
}
