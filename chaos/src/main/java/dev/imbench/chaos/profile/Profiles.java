package dev.imbench.chaos.profile;

import static dev.imbench.chaos.toxic.Direction.DOWNSTREAM;
import static dev.imbench.chaos.toxic.Direction.UPSTREAM;

import dev.imbench.chaos.toxic.Direction;
import dev.imbench.chaos.toxic.ToxicSpec;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The catalogue of weak-network profiles. Link figures (RTT, kbit/s) are WebPageTest's connectivity
 * presets (connectivity.ini: 2G 280/256 kbit/s 800 ms RTT, 3G 1.6 Mbit/s/768 kbit/s 300 ms, 4G 9/9 Mbit/s
 * 170 ms); latency is split half per direction, rates are converted to KB/s (1 KB = 1000 bytes).
 * Stall shapes (blackouts, resets) are modelling assumptions stated per profile.
 */
public final class Profiles {

    private static final Map<String, Profile> PROFILES = new LinkedHashMap<>();

    static {
        add(new Profile("2g", "EDGE: 800 ms RTT (400 ms each way, ±40 ms jitter), 35 KB/s down, 32 KB/s up",
            "WebPageTest 2G preset (280/256 kbit/s, 800 ms RTT)", link(400, 40, 35, 32)));
        add(new Profile("3g", "UMTS: 300 ms RTT (150 ms each way, ±20 ms), 200 KB/s down, 96 KB/s up",
            "WebPageTest 3G preset (1.6 Mbit/s / 768 kbit/s, 300 ms RTT)", link(150, 20, 200, 96)));
        add(new Profile("4g", "LTE in a busy cell: 170 ms RTT (85 ms each way, ±10 ms), 1125 KB/s both ways",
            "WebPageTest 4G preset (9/9 Mbit/s, 170 ms RTT)", link(85, 10, 1125, 1125)));
        List<ToxicSpec> wifi = new ArrayList<>(link(10, 10, 2500, 2500));
        wifi.add(blackout("wifi_loss", DOWNSTREAM, 2000, 200, 0));
        add(new Profile("lossy-wifi", "crowded Wi-Fi: 20 ms RTT ±10 ms, 20 Mbit/s, and a 200 ms stall every 2 s"
            + " (a lost segment waits for the retransmission timeout)",
            "Linux TCP minimum RTO 200 ms (TCP_RTO_MIN); rate: typical 802.11n under contention", wifi));
        List<ToxicSpec> subway = new ArrayList<>(link(85, 10, 1125, 1125));
        subway.add(blackout("tunnel_down", DOWNSTREAM, 45_000, 8_000, 0));
        subway.add(blackout("tunnel_up", UPSTREAM, 45_000, 8_000, 0));
        add(new Profile("subway", "4G between stations with an 8 s blackout every 45 s (tunnels); each client's"
            + " phase is drawn from its seed", "4G preset + assumed metro headway (45 s between tunnel sections)", subway));
        List<ToxicSpec> elevator = new ArrayList<>(link(150, 20, 200, 96));
        elevator.add(blackout("elevator_down", DOWNSTREAM, 0, 20_000, 5_000));
        elevator.add(blackout("elevator_up", UPSTREAM, 0, 20_000, 5_000));
        add(new Profile("elevator", "3G, then 5 s after connecting a 20 s total stall, then recovery (held data"
            + " arrives late, nothing is lost)", "3G preset + assumed elevator ride of 20 s", elevator));
        List<ToxicSpec> handover = new ArrayList<>(link(85, 10, 1125, 1125));
        handover.add(new ToxicSpec("handover_reset", "reset_peer", UPSTREAM, 1.0, Map.of("timeout", 10_000L)));
        add(new Profile("handover", "4G; 10 s after the first upstream data the connection is reset (RST), as"
            + " when a cell or Wi-Fi-to-cellular handover changes the client's address",
            "4G preset + assumed handover after 10 s", handover));
        add(new Profile("slow-close", "closes reach the other side 5 s late in both directions (half-dead"
            + " connections)", "assumption: NAT/middlebox holding FIN for 5 s",
            List.of(new ToxicSpec("slow_close_down", "slow_close", DOWNSTREAM, 1.0, Map.of("delay", 5_000L)),
                new ToxicSpec("slow_close_up", "slow_close", UPSTREAM, 1.0, Map.of("delay", 5_000L)))));
    }

    private Profiles() {
    }

    private static void add(Profile p) {
        PROFILES.put(p.name(), p);
    }

    private static List<ToxicSpec> link(long oneWayMs, long jitterMs, long downKBs, long upKBs) {
        return List.of(
            new ToxicSpec("latency_downstream", "latency", DOWNSTREAM, 1.0, Map.of("latency", oneWayMs, "jitter", jitterMs)),
            new ToxicSpec("latency_upstream", "latency", UPSTREAM, 1.0, Map.of("latency", oneWayMs, "jitter", jitterMs)),
            new ToxicSpec("bandwidth_downstream", "bandwidth", DOWNSTREAM, 1.0, Map.of("rate", downKBs)),
            new ToxicSpec("bandwidth_upstream", "bandwidth", UPSTREAM, 1.0, Map.of("rate", upKBs)));
    }

    private static ToxicSpec blackout(String name, Direction d, long periodMs, long durationMs, long startMs) {
        return new ToxicSpec(name, "blackout", d, 1.0, Map.of("period", periodMs, "duration", durationMs, "start", startMs));
    }

    /** Every profile name, in catalogue order. */
    public static Set<String> names() {
        return java.util.Collections.unmodifiableSet(PROFILES.keySet());
    }

    /**
     * The profile of that name.
     *
     * @throws IllegalArgumentException for an unknown name, listing the known ones
     */
    public static Profile get(String name) {
        Profile p = PROFILES.get(name);
        if (p == null) {
            throw new IllegalArgumentException("unknown profile '" + name + "'; known profiles: " + String.join(", ", PROFILES.keySet()));
        }
        return p;
    }
}
