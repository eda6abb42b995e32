package dev.imbench.gatling;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;

/**
 * What the Gatling simulation runs, from Gatling system properties ({@code -Dusers=200 -Drate=100 …}).
 * Every key does something; a bad value is refused with a sentence naming it.
 *
 * @param server        HTTP base of an {@code imbench server} ({@code http://127.0.0.1:8080}); empty: the simulation starts one
 * @param users         chat users (each logs in once and sends c2c messages to the others)
 * @param rate          c2c messages per second, all users together, in the steady phase
 * @param ramp          the users' logins are spread over this time (Gatling's {@code rampUsers})
 * @param duration      the steady phase: sends are intended from its start to its end
 * @param kickouts      users of the kickout scenario (each logs one device in twice; the first must be kicked)
 * @param messageBytes  c2c content length
 * @param keepalive     a keepalive every this long per user
 * @param ackTimeout    a send's ack is awaited this long (then Gatling counts it failed)
 * @param drainTimeout  after the steady phase, how long to wait for unacked sends and the final pulls
 * @param seed          every random choice (recipients, schedule offsets) derives from it
 * @param out           the root of imbench run directories
 * @param ackP99Ms      Gatling assertion: the ack response time's p99 below this (ms)
 * @param maxFailedPct  Gatling assertion: at most this percentage of failed requests and checks
 * @param e2eP99Ms      imbench SLO: e2e p99 below this (ms)
 */
public record GatlingSettings(String server, int users, double rate, Duration ramp, Duration duration, int kickouts,
                              int messageBytes, Duration keepalive, Duration ackTimeout, Duration drainTimeout, long seed,
                              Path out, double ackP99Ms, double maxFailedPct, double e2eP99Ms) {

    /** The keys this simulation reads (each with its default). */
    public static final Map<String, String> DEFAULTS = Map.ofEntries(
            Map.entry("server", ""), Map.entry("users", "20"), Map.entry("rate", "20"), Map.entry("ramp", "2"),
            Map.entry("duration", "10"), Map.entry("kickouts", "2"), Map.entry("messageBytes", "100"),
            Map.entry("keepalive", "2"), Map.entry("ackTimeout", "5"), Map.entry("drainTimeout", "15"),
            Map.entry("seed", "1"), Map.entry("out", "runs"), Map.entry("ackP99Ms", "200"),
            Map.entry("maxFailedPct", "0"), Map.entry("e2eP99Ms", "200"));

    /** Reads the settings from system properties; unset keys take their defaults. */
    public static GatlingSettings fromSystemProperties() {
        return from(System.getProperties());
    }

    /**
     * Reads the settings.
     *
     * @throws IllegalArgumentException naming every bad value
     */
    public static GatlingSettings from(Properties props) {
        List<String> bad = new ArrayList<>();
        Reader r = new Reader(props, bad);
        GatlingSettings s = new GatlingSettings(r.text("server"), (int) r.number("users", 1, 100_000),
                r.number("rate", 0.001, 1_000_000), r.seconds("ramp", 0), r.seconds("duration", 0.1),
                (int) r.number("kickouts", 0, 10_000), (int) r.number("messageBytes", 1, 64_512),
                r.seconds("keepalive", 0.1), r.seconds("ackTimeout", 0.1), r.seconds("drainTimeout", 0.1),
                (long) r.number("seed", Long.MIN_VALUE, Long.MAX_VALUE), Path.of(r.text("out")),
                r.number("ackP99Ms", 0.001, 3_600_000), r.number("maxFailedPct", 0, 100),
                r.number("e2eP99Ms", 0.001, 3_600_000));
        if (s.users < 2 && bad.isEmpty()) {
            bad.add("users must be at least 2 (each sends to another), was " + s.users);
        }
        if (!s.server.isEmpty() && !s.server.matches("https?://[^/]+/?")) {
            bad.add("server must be the HTTP base of an imbench server, e.g. http://127.0.0.1:8080, was '" + s.server + "'");
        }
        if (!bad.isEmpty()) {
            throw new IllegalArgumentException("bad Gatling system properties: " + String.join("; ", bad)
                    + " (keys: " + new TreeSet<>(DEFAULTS.keySet()) + ")");
        }
        return s;
    }

    /** Seconds between two sends of one user: users ÷ rate. */
    public Duration sendInterval() {
        return Duration.ofNanos((long) (users / rate * 1e9));
    }

    /** The settings as {@code key: value} lines, for the run's scenario.yaml. */
    public String describe() {
        return String.format(Locale.ROOT, "server: \"%s\"%nusers: %d%nrate: %s%nramp: %s%nduration: %s%nkickouts: %d%n"
                        + "messageBytes: %d%nkeepalive: %s%nackTimeout: %s%ndrainTimeout: %s%nseed: %d%n"
                        + "ackP99Ms: %s%nmaxFailedPct: %s%ne2eP99Ms: %s%n", server.isEmpty() ? "(started by the simulation)" : server,
                users, rate, ramp, duration, kickouts, messageBytes, keepalive, ackTimeout, drainTimeout, seed, ackP99Ms,
                maxFailedPct, e2eP99Ms);
    }

    /** Reads typed values, collecting a sentence per bad one. */
    private record Reader(Properties props, List<String> bad) {

        String text(String key) {
            return props.getProperty(key, DEFAULTS.get(key)).trim();
        }

        double number(String key, double min, double max) {
            String v = text(key);
            try {
                double d = Double.parseDouble(v);
                if (!(d >= min && d <= max)) {
                    bad.add(key + " must be in [" + fmt(min) + ", " + fmt(max) + "], was " + v);
                    return min;
                }
                return d;
            } catch (NumberFormatException e) {
                bad.add(key + " must be a number, was '" + v + "'");
                return min;
            }
        }

        Duration seconds(String key, double min) {
            return Duration.ofNanos((long) (number(key, min, 86_400) * 1e9));
        }

        private static String fmt(double d) {
            return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
        }
    }
}
