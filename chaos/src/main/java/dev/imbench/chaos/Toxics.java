package dev.imbench.chaos;

import dev.imbench.chaos.toxic.BandwidthToxic;
import dev.imbench.chaos.toxic.BlackoutToxic;
import dev.imbench.chaos.toxic.LatencyToxic;
import dev.imbench.chaos.toxic.LimitDataToxic;
import dev.imbench.chaos.toxic.ResetPeerToxic;
import dev.imbench.chaos.toxic.SlicerToxic;
import dev.imbench.chaos.toxic.SlowCloseToxic;
import dev.imbench.chaos.toxic.TimeoutToxic;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/** The toxics by name: their attributes, limits and constructors. */
public final class Toxics {

    /** An attribute's accepted range. */
    private record Attr(String name, long max, long defaultValue) {
    }

    private record Type(List<Attr> attrs, Function<ToxicSpec, Toxic> make) {
    }

    private static final long HOUR_MS = 3_600_000L;

    private static final Map<String, Type> TYPES = Map.of(
            "latency", new Type(List.of(new Attr("latency", HOUR_MS, 0), new Attr("jitter", HOUR_MS, 0)),
                    s -> new LatencyToxic(s.attr("latency"), s.attr("jitter"))),
            "bandwidth", new Type(List.of(new Attr("rate", 100_000_000L, 0)), s -> new BandwidthToxic(s.attr("rate"))),
            "slicer", new Type(List.of(new Attr("average_size", 1L << 30, 1), new Attr("size_variation", 1L << 30, 0),
                    new Attr("delay", HOUR_MS * 1000, 0)),
                    s -> new SlicerToxic(s.attr("average_size"), s.attr("size_variation"), s.attr("delay"))),
            "timeout", new Type(List.of(new Attr("timeout", HOUR_MS, 0)), s -> new TimeoutToxic(s.attr("timeout"))),
            "reset_peer", new Type(List.of(new Attr("timeout", HOUR_MS, 0)), s -> new ResetPeerToxic(s.attr("timeout"))),
            "slow_close", new Type(List.of(new Attr("delay", HOUR_MS, 0)), s -> new SlowCloseToxic(s.attr("delay"))),
            "limit_data", new Type(List.of(new Attr("bytes", Long.MAX_VALUE, 0)), s -> new LimitDataToxic(s.attr("bytes"))),
            "blackout", new Type(List.of(new Attr("period", HOUR_MS, 10_000), new Attr("duration", HOUR_MS, 1_000),
                    new Attr("offset", HOUR_MS, -1)),
                    s -> new BlackoutToxic(s.attr("period"), s.attr("duration"), s.attr("offset"))));

    private Toxics() {
    }

    /** The known toxic types, sorted. */
    public static Set<String> types() {
        return new TreeSet<>(TYPES.keySet());
    }

    /**
     * Checks a type and its attributes, filling defaults.
     *
     * @throws IllegalArgumentException naming the problem: unknown type, unknown attribute, value out of range
     */
    static Map<String, Long> validate(String type, Map<String, Long> attributes) {
        Type t = TYPES.get(type);
        if (t == null) {
            throw new IllegalArgumentException("unknown toxic type \"" + type + "\"; known: " + types());
        }
        for (String key : attributes.keySet()) {
            if (t.attrs().stream().noneMatch(a -> a.name().equals(key))) {
                throw new IllegalArgumentException("toxic " + type + " has no attribute \"" + key + "\"; it has "
                        + t.attrs().stream().map(Attr::name).toList());
            }
        }
        for (Attr a : t.attrs()) {
            long v = attributes.getOrDefault(a.name(), a.defaultValue());
            boolean mayBeUnset = a.defaultValue() < 0 && v == a.defaultValue();
            if (!mayBeUnset && (v < 0 || v > a.max())) {
                throw new IllegalArgumentException("toxic " + type + ": " + a.name() + " must be between 0 and "
                        + a.max() + ", got " + v);
            }
            attributes.put(a.name(), v);
        }
        return attributes;
    }

    /** A fresh per-connection instance of the toxic. */
    static Toxic create(ToxicSpec spec) {
        return TYPES.get(spec.type()).make().apply(spec);
    }
}
