package dev.imbench.scenario;

import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What a fault action accepts in a scenario's {@code faults:} entry. The loader refuses an action
 * not listed in {@link #ALL} and any field the action's syntax does not take (a setting that would do
 * nothing). Each action listed here has an implementation registered under the same name in the
 * runner's {@code dev.imbench.runner.fault.FaultActions} (a test checks both lists agree).
 *
 * @param action      the name scenarios write ({@code action: kill-gate})
 * @param summary     one line for error messages and {@code --help}
 * @param target      what {@code target:} means for it
 * @param clients     whether it concerns a fraction of clients ({@code fraction:}, drawn by seed)
 * @param toxics      whether it takes an inline {@code toxics:} list (Toxiproxy's fields)
 * @param lasts       whether it may last ({@code lasting:}; lifted at its end, and before the drain)
 * @param options     its own keys, each with its rule
 */
public record FaultSyntax(String action, String summary, Target target, boolean clients, boolean toxics, boolean lasts,
                          Map<String, Option> options) {

    /** What {@code target:} names. */
    public enum Target {
        /** The action takes no target. */
        NONE,
        /** A network profile (built in or from the scenario's {@code profiles:}); required. */
        PROFILE,
        /** A name the action checks (a node, a link); optional: when empty the seed chooses. */
        CHOSEN_BY_SEED,
        /** A name the action checks; required. */
        REQUIRED
    }

    /**
     * The rule of one option.
     *
     * @param description what it sets, with its unit or values
     * @param values      the accepted words (empty: a duration)
     * @param fallback    the value when unset (text as a scenario would write it)
     */
    public record Option(String description, List<String> values, String fallback) {
        /** Copies the list. */
        public Option {
            values = List.copyOf(values);
        }

        /** One of a few words. */
        public static Option choice(String description, String fallback, String... values) {
            return new Option(description, Arrays.asList(values), fallback);
        }

        /** A duration ({@code 200ms}, {@code 2s}). */
        public static Option duration(String description, String fallback) {
            return new Option(description, List.of(), fallback);
        }

        /** Why {@code text} is not accepted, or null when it is. */
        public String check(String text) {
            if (values.isEmpty()) {
                try {
                    Duration d = Durations.parse(text);
                    return d.isNegative() || d.compareTo(Duration.ofHours(1)) > 0
                            ? "expected a duration from 0 ms to 1 h, got " + text : null;
                } catch (IllegalArgumentException e) {
                    return e.getMessage();
                }
            }
            return values.contains(text) ? null : "expected one of " + values + ", got \"" + text + "\"";
        }
    }

    /** Copies the map. */
    public FaultSyntax {
        options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    private static final Option CUT_MODE = Option.choice("reset: connections reset, new ones refused; blackhole:"
            + " connections held, no byte passes", "reset", "reset", "blackhole");
    private static final Map<String, Option> SLOW = Map.of(
            "latency", Option.duration("added to every answer", "200ms"),
            "jitter", Option.duration("up to this much more, drawn by seed", "0ms"));

    /** Every action this build runs, by name, in the order {@code --help} lists them. */
    public static final Map<String, FaultSyntax> ALL;

    static {
        Map<String, FaultSyntax> m = new LinkedHashMap<>();
        for (FaultSyntax s : List.of(
                new FaultSyntax("profile", "a weak-network profile on a fraction of the clients' connections",
                        Target.PROFILE, true, false, true, Map.of()),
                new FaultSyntax("toxic", "inline Toxiproxy toxics (type, stream, toxicity, attributes) on a fraction"
                        + " of the clients' connections", Target.NONE, true, true, true, Map.of()),
                new FaultSyntax("proxy-down", "the clients' network cut: their connections reset, new ones refused,"
                        + " until lifted", Target.NONE, true, false, true, Map.of()),
                new FaultSyntax("cut-mysql", "the proxy the runner puts in front of MariaDB cuts every shard's"
                        + " connections until lifted", Target.NONE, false, false, true, Map.of("mode", CUT_MODE)),
                new FaultSyntax("slow-mysql", "every MariaDB answer delayed until lifted", Target.NONE, false, false,
                        true, SLOW),
                new FaultSyntax("cut-redis", "the proxy the runner puts in front of Redis cuts its connections until"
                        + " lifted", Target.NONE, false, false, true, Map.of("mode", CUT_MODE)),
                new FaultSyntax("slow-redis", "every Redis answer delayed until lifted", Target.NONE, false, false,
                        true, SLOW),
                new FaultSyntax("restart-redis", "the private redis-server the runner started is SIGKILLed, and"
                        + " started again empty when lifted", Target.NONE, false, false, true, Map.of()),
                new FaultSyntax("kill-gate", "a gate dies (connections reset, no goodbye, routes left to expire);"
                        + " started again on its ports when lifted; target gate-N, else drawn by seed",
                        Target.CHOSEN_BY_SEED, false, false, true, Map.of()),
                new FaultSyntax("restart-gate", "a gate dies and is started again at once; target gate-N, else drawn"
                        + " by seed", Target.CHOSEN_BY_SEED, false, false, false, Map.of()),
                new FaultSyntax("kill-logic", "a logic node of the split topology dies; started again when lifted;"
                        + " target logic-N, else drawn by seed", Target.CHOSEN_BY_SEED, false, false, true, Map.of()),
                new FaultSyntax("restart-logic", "a logic node dies and is started again at once; target logic-N,"
                        + " else drawn by seed", Target.CHOSEN_BY_SEED, false, false, false, Map.of()),
                new FaultSyntax("partition-link", "the gate-logic links of one gate (target gate-N; empty: every"
                        + " gate) cut until lifted", Target.CHOSEN_BY_SEED, false, false, true,
                        Map.of("mode", Option.choice("blackhole: links stay up, no byte passes; reset: links reset,"
                                + " re-dials refused", "blackhole", "blackhole", "reset"))))) {
            m.put(s.action(), s);
        }
        ALL = java.util.Collections.unmodifiableMap(m);
    }

    /** The action names this build runs. */
    public static Set<String> names() {
        return ALL.keySet();
    }
}
