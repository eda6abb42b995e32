package dev.imbench.runner.fault;

import dev.imbench.chaos.toxic.ToxicSpec;
import java.util.ArrayList;
import java.util.List;

/** A client network that records what faults did to it; fault {@code failOn} throws on apply. */
final class RecordingNetwork implements ClientNetwork {

    final List<String> calls = new ArrayList<>();
    private final int failOn;

    RecordingNetwork(int failOn) {
        this.failOn = failOn;
    }

    @Override
    public int clients(int fault) {
        return 10 + fault;
    }

    @Override
    public boolean concerns(int fault, int client) {
        return client < clients(fault);
    }

    @Override
    public synchronized void addToxics(int fault, List<ToxicSpec> toxics) {
        if (fault == failOn) {
            throw new IllegalStateException("proxy refused the toxics");
        }
        calls.add("add " + fault + " " + toxics.stream().map(ToxicSpec::type).distinct().toList());
    }

    @Override
    public synchronized void removeToxics(int fault) {
        calls.add("remove " + fault);
    }

    @Override
    public synchronized void cut(int fault) {
        calls.add("cut " + fault);
    }

    @Override
    public synchronized void restore(int fault) {
        calls.add("restore " + fault);
    }

    synchronized List<String> calls() {
        return List.copyOf(calls);
    }
}
