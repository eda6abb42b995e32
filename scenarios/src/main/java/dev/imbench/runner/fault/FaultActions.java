package dev.imbench.runner.fault;

import dev.imbench.scenario.FaultStep;
import dev.imbench.scenario.FaultSyntax;
import dev.imbench.scenario.Scenario;
import dev.imbench.serverfault.ServerFaultKinds;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every fault action this build runs, by the name scenarios write. Each name here has a
 * {@link FaultSyntax} of the same name (what the loader accepts) and vice versa; a scenario naming
 * anything else is refused at load.
 */
public final class FaultActions {

    /** One action: what it refuses before the run, and how it makes the fault. */
    public interface Kind {

        /**
         * Why this build cannot run {@code step} in scenario {@code s}, one phrase each (empty: it can).
         * Checked before anything starts (a sweep checks every combination first); the run is then
         * refused with exit 2.
         */
        default List<String> refusals(Scenario s, FaultStep step) {
            return List.of();
        }

        /** The action of one fault of the timeline (a new one per fault). */
        FaultAction create(FaultStep step);
    }

    private static final Map<String, Kind> KINDS = new LinkedHashMap<>();

    static {
        KINDS.put("profile", ClientFaults.PROFILE);
        KINDS.put("toxic", ClientFaults.TOXIC);
        KINDS.put("proxy-down", ClientFaults.PROXY_DOWN);
        KINDS.putAll(ServerFaultKinds.all()); // cut-mysql, kill-gate, partition-link, … (dev.imbench.serverfault)
    }

    private FaultActions() {
    }

    /** The registered action names. */
    public static Set<String> names() {
        return Collections.unmodifiableSet(KINDS.keySet());
    }

    /**
     * The kind of an action.
     *
     * @throws IllegalArgumentException for a name this build does not run
     */
    public static Kind kind(String action) {
        Kind k = KINDS.get(action);
        if (k == null) {
            throw new IllegalArgumentException("fault action " + action + " is not implemented in this build; it runs "
                    + KINDS.keySet());
        }
        return k;
    }

    /** What this build cannot run of a scenario's faults, one phrase each (empty: all of them). */
    public static List<String> refusals(Scenario s) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < s.faults().size(); i++) {
            FaultStep f = s.faults().get(i);
            Kind k = KINDS.get(f.action());
            String where = "faults[" + i + "] " + f.action();
            if (k == null) {
                out.add(where + " (not implemented in this build)");
            } else {
                k.refusals(s, f).forEach(r -> out.add(where + ": " + r));
            }
        }
        return out;
    }

    /** Whether fault {@code f} of {@code s} concerns a fraction of the clients (their network). */
    public static boolean clientSide(FaultStep f) {
        FaultSyntax syntax = FaultSyntax.ALL.get(f.action());
        return syntax != null && syntax.clients();
    }
}
