package dev.imbench.runner.fault;

import dev.imbench.chaos.toxic.ToxicSpec;
import dev.imbench.scenario.FaultStep;
import java.util.List;

/** The client-side actions: a profile, inline toxics, or the network cut on the fault's clients. */
final class ClientFaults {

    private ClientFaults() {
    }

    /** {@code profile}: the target profile's toxics (built in or the scenario's own). */
    static final FaultActions.Kind PROFILE = step -> new Toxics(step) {
        @Override
        List<ToxicSpec> toxics(FaultContext c) {
            return c.scenario().profileToxics(step.target());
        }
    };

    /** {@code toxic}: the toxics written inline. */
    static final FaultActions.Kind TOXIC = step -> new Toxics(step) {
        @Override
        List<ToxicSpec> toxics(FaultContext c) {
            return step.toxics();
        }
    };

    /** {@code proxy-down}: connections reset, new ones refused, until lifted. */
    static final FaultActions.Kind PROXY_DOWN = step -> new FaultAction() {
        @Override
        public String apply(FaultContext c) {
            c.clients().cut(c.index());
            return "network cut for " + who(c) + ": connections reset, new ones refused";
        }

        @Override
        public String lift(FaultContext c) {
            c.clients().restore(c.index());
            return "network back for " + who(c);
        }
    };

    private abstract static class Toxics implements FaultAction {
        final FaultStep step;

        Toxics(FaultStep step) {
            this.step = step;
        }

        abstract List<ToxicSpec> toxics(FaultContext c);

        @Override
        public String apply(FaultContext c) {
            List<ToxicSpec> t = toxics(c);
            c.clients().addToxics(c.index(), t);
            return "apply " + (step.action().equals("profile") ? step.target() : "toxics")
                    + " " + t.stream().map(ToxicSpec::name).toList() + " to " + who(c);
        }

        @Override
        public String lift(FaultContext c) {
            c.clients().removeToxics(c.index());
            return "toxics taken off " + who(c);
        }
    }

    static String who(FaultContext c) {
        return c.clients().clients(c.index()) + " clients (" + Math.round(c.step().fraction() * 100) + "%)";
    }
}
