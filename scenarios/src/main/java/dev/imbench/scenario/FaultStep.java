package dev.imbench.scenario;

import dev.imbench.chaos.toxic.ToxicSpec;
import dev.imbench.reports.summary.SloPaths;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One fault of the timeline, as the scenario wrote it (checked against its action's
 * {@link FaultSyntax}: a field the action does not use is refused at load).
 *
 * @param at       when, from the start of the first measured phase (after the ramp and any warm-up)
 * @param action   the action's name, one of {@link FaultSyntax#names()}
 * @param target   what it concerns: a profile name, a node ({@code gate-1}), … ; empty when the action
 *                 takes none or lets the seed choose
 * @param fraction share of clients it concerns, 0..1 (client-side actions; 1 otherwise)
 * @param lasting  how long until it is lifted (zero: at the end of the phases, before the drain)
 * @param toxics   inline Toxiproxy toxics (the {@code toxic} action; empty otherwise)
 * @param options  the action's own settings by name (text as written, already validated)
 */
public record FaultStep(Duration at, String action, String target, double fraction, Duration lasting,
                        List<ToxicSpec> toxics, Map<String, String> options) {

    /** Copies the collections. */
    public FaultStep {
        toxics = List.copyOf(toxics);
        options = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    /** A step without toxics or options. */
    public FaultStep(Duration at, String action, String target, double fraction, Duration lasting) {
        this(at, action, target, fraction, lasting, List.of(), Map.of());
    }

    /** The fault's base name (before {@code -2}, {@code -3} make repeats unique): its target, else its action. */
    public String baseName() {
        return SloPaths.faultName(action, target);
    }

    /** An option's text, or {@code fallback} when the scenario did not set it. */
    public String option(String key, String fallback) {
        return options.getOrDefault(key, fallback);
    }
}
