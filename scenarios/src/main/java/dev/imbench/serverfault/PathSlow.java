package dev.imbench.serverfault;

import java.time.Duration;

/** {@code slow-mysql} / {@code slow-redis}: every answer of the back end delayed until lifted. */
record PathSlow(String backend, FaultedPath path, Duration latency, Duration jitter) implements ServerFault {

    @Override
    public String apply() {
        path.slow(latency, jitter);
        return backend + " answers " + path.state().substring("slow ".length()) + " later";
    }

    @Override
    public String lift() {
        path.heal();
        return backend + " at full speed again";
    }
}
