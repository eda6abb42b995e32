package dev.imbench.serverfault;

import dev.imbench.runner.fault.FaultAction;
import dev.imbench.runner.fault.FaultActions;
import dev.imbench.runner.fault.FaultContext;
import dev.imbench.scenario.FaultStep;
import dev.imbench.scenario.Scenario;
import dev.imbench.scenario.ServerSettings;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The server-side actions as the fault engine runs them: each refuses, before the run, a server it
 * cannot reach ({@link ServerFaults#refusal}); when applied it binds to the run's {@link ServerSide}
 * and picks its node (the target, else a live one drawn from the fault's own seed stream).
 */
public final class ServerFaultKinds {

    private ServerFaultKinds() {
    }

    /** A kind per server-side action, by name. */
    public static Map<String, FaultActions.Kind> all() {
        Map<String, FaultActions.Kind> m = new LinkedHashMap<>();
        for (String a : ServerFaults.ACTIONS) {
            m.put(a, KIND);
        }
        return m;
    }

    private static final FaultActions.Kind KIND = new FaultActions.Kind() {
        @Override
        public List<String> refusals(Scenario s, FaultStep step) {
            ServerSettings sv = s.server();
            return ServerFaults.refusal(step.action(), step.target(), sv.inProcess(), sv.storage(), sv.routing(),
                    sv.gates(), sv.logicNodes()).map(List::of).orElse(List.of());
        }

        @Override
        public FaultAction create(FaultStep step) {
            return new Bound(step);
        }
    };

    /** One server-side fault of the timeline, bound to the server when applied. */
    private static final class Bound implements FaultAction {
        private final FaultStep step;
        private ServerFault fault;

        Bound(FaultStep step) {
            this.step = step;
        }

        @Override
        public String apply(FaultContext c) throws Exception {
            ServerSide side = c.server().serverSide().orElseThrow(() -> new IllegalStateException(
                    step.action() + " needs the in-process server on real back ends; this run has " + c.server().description()));
            fault = ServerFaults.create(step.action(), step.target(), step.options(), side, c.random());
            return fault.apply();
        }

        @Override
        public String lift(FaultContext c) throws Exception {
            return fault == null ? "it was never applied" : fault.lift();
        }
    }
}
