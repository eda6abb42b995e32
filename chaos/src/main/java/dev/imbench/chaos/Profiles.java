package dev.imbench.chaos;

import static dev.imbench.chaos.Direction.DOWNSTREAM;
import static dev.imbench.chaos.Direction.UPSTREAM;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The weak-network profiles scenarios name. Link figures follow WebPageTest's
 * connectivity profiles (round-trip time, down/up bandwidth), split evenly
 * between the two directions; the mobility profiles (subway, elevator,
 * handover) are our own compositions and say so.
 */
public final class Profiles {

    private static final String WPT = "WebPageTest connectivity profiles (2G: 280/256 kbit/s, 800 ms RTT; "
            + "3G: 1.6 Mbit/s / 768 kbit/s, 300 ms RTT; 4G: 9/9 Mbit/s, 170 ms RTT)";

    private static final Map<String, Profile> ALL = new LinkedHashMap<>();

    static {
        add(new Profile("2g", "EDGE-class link: 400 ms each way ±100 ms, 35 KB/s down, 32 KB/s up", WPT,
                link(400, 100, 35, 32)));
        add(new Profile("3g", "3G link: 150 ms each way ±30 ms, 200 KB/s down, 96 KB/s up", WPT,
                link(150, 30, 200, 96)));
        add(new Profile("4g", "4G link: 85 ms each way ±15 ms, 1125 KB/s both ways", WPT,
                link(85, 15, 1125, 1125)));
        add(new Profile("lossy-wifi", "Wi-Fi with loss: 10 ms each way but ±40 ms jitter (retransmission stalls), "
                + "data arriving in small pieces (slicer 200 ± 150 bytes, 500 µs apart)",
                "our composition: packet loss on TCP shows up as delay spikes, not lost bytes",
                concat(link(10, 40, 2500, 2500), List.of(ToxicSpec.of("slicer", DOWNSTREAM,
                        Map.of("average_size", 200L, "size_variation", 150L, "delay", 500L))))));
        add(new Profile("subway", "3G between stations, and a blackout of 8 s every 20 s (tunnels): bytes are "
                + "held, as TCP retransmits them when the signal returns",
                "our composition on the 3g figures", concat(link(150, 30, 200, 96), blackout(20_000, 8_000))));
        add(new Profile("elevator", "4G, then one stall of 25 s (a lift between floors) and recovery",
                "our composition on the 4g figures", concat(link(85, 15, 1125, 1125), blackout(3_600_000, 25_000))));
        add(new Profile("handover", "4G, and the connection reset 5 s after its first data (a cell handover "
                + "that drops the TCP connection; the app reconnects)", "our composition on the 4g figures",
                concat(link(85, 15, 1125, 1125), List.of(ToxicSpec.of("reset_peer", DOWNSTREAM, Map.of("timeout", 5_000L))))));
        add(new Profile("slow-close", "4G whose connections close 3 s late (a peer that lingers)",
                "our composition on the 4g figures",
                concat(link(85, 15, 1125, 1125), List.of(ToxicSpec.of("slow_close", DOWNSTREAM, Map.of("delay", 3_000L))))));
    }

    private Profiles() {
    }

    private static void add(Profile p) {
        ALL.put(p.name(), p);
    }

    private static List<ToxicSpec> link(long latencyMs, long jitterMs, long downKb, long upKb) {
        return List.of(
                new ToxicSpec("latency_downstream", "latency", DOWNSTREAM, 1, Map.of("latency", latencyMs, "jitter", jitterMs)),
                new ToxicSpec("latency_upstream", "latency", UPSTREAM, 1, Map.of("latency", latencyMs, "jitter", jitterMs)),
                new ToxicSpec("bandwidth_downstream", "bandwidth", DOWNSTREAM, 1, Map.of("rate", downKb)),
                new ToxicSpec("bandwidth_upstream", "bandwidth", UPSTREAM, 1, Map.of("rate", upKb)));
    }

    private static List<ToxicSpec> blackout(long periodMs, long durationMs) {
        return List.of(
                new ToxicSpec("blackout_downstream", "blackout", DOWNSTREAM, 1, Map.of("period", periodMs, "duration", durationMs)),
                new ToxicSpec("blackout_upstream", "blackout", UPSTREAM, 1, Map.of("period", periodMs, "duration", durationMs)));
    }

    private static List<ToxicSpec> concat(List<ToxicSpec> a, List<ToxicSpec> b) {
        List<ToxicSpec> out = new ArrayList<>(a);
        out.addAll(b);
        return out;
    }

    /** The profile names, in a stable order. */
    public static List<String> names() {
        return List.copyOf(ALL.keySet());
    }

    /**
     * A profile by name.
     *
     * @throws IllegalArgumentException listing the known names
     */
    public static Profile get(String name) {
        Profile p = ALL.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown network profile \"" + name + "\"; known profiles: " + names());
        }
        return p;
    }
}
