package dev.imbench.runner.fault;

import dev.imbench.chaos.toxic.ToxicSpec;
import java.util.List;

/**
 * The clients' network as faults change it. Each client-side fault (its {@code FaultSyntax} has
 * {@code clients}) concerns the clients its seed drew at the start of the run ({@code fraction} of
 * them, through {@code Seeds.FAULT_TARGETS}); the calls below change those clients' connections, live
 * ones included, wherever the toxics run (their own pipelines on the in-JVM and WebSocket transports,
 * proxies in front of the gate on TCP, or the external Toxiproxy of {@code server.toxiproxyUrl}).
 * Faults are numbered by their place in the scenario's {@code faults:} list.
 */
public interface ClientNetwork {

    /** How many clients fault {@code fault} concerns. */
    int clients(int fault);

    /** Whether fault {@code fault} concerns client {@code client}. */
    boolean concerns(int fault, int client);

    /** Adds toxics to the fault's clients' connections (after their slice's) until {@link #removeToxics}. */
    void addToxics(int fault, List<ToxicSpec> toxics);

    /** Takes the fault's toxics away again. */
    void removeToxics(int fault);

    /** Cuts the fault's clients off: their connections reset, new ones refused, until {@link #restore}. */
    void cut(int fault);

    /** Ends {@link #cut}: new connections go through again. */
    void restore(int fault);

    /** A network of no clients (a scenario without client-side faults). */
    ClientNetwork NONE = new ClientNetwork() {
        @Override
        public int clients(int fault) {
            return 0;
        }

        @Override
        public boolean concerns(int fault, int client) {
            return false;
        }

        @Override
        public void addToxics(int fault, List<ToxicSpec> toxics) {
            throw new IllegalStateException("no client network to put toxics on");
        }

        @Override
        public void removeToxics(int fault) {
        }

        @Override
        public void cut(int fault) {
            throw new IllegalStateException("no client network to cut");
        }

        @Override
        public void restore(int fault) {
        }
    };
}
