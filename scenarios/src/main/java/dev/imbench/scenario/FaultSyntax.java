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
                        + " until lifted", Target.NONE, true, false, true, Map.of()))) {
            m.put(s.action(), s);
        }
        ALL = java.util.Collections.unmodifiableMap(m);
    }

    /** The action names this build runs. */
    public static Set<String> names() {
        return ALL.keySet();
    }
}
