package dev.imbench.sim.measure;

import java.util.Locale;

/** The latency metrics of a run; each becomes {@code latency/<name>.hlog}. */
public enum Metric {
    /** SSO + connect + auth. */
    LOGIN,
    /** Send → server ack. */
    ACK,
    /** Sender's intended send → recipient's receipt (push or pull). */
    E2E,
    /** {@link #E2E} of the messages whose first arrival was a push. */
    E2E_ONLINE,
    /** {@link #E2E} of the messages whose first arrival was in a pull page. */
    E2E_OFFLINE,
    /** Schedule lag of a send action: actual first send − intended start (the generator's own delay). */
    LAG,
    /** One pull round trip. */
    PULL,
    /** Login → empty pull page. */
    DRAIN,
    /** Second device's login start → kickout received by the first. */
    KICKOUT,
    /** Disconnect → logged in again. */
    RECONNECT,
    /** A c2s report's intended send → the gate's ack (the report is queued). */
    C2S_ACK,
    /** A c2s report's intended send → the business consumer's read of it from the queue. */
    C2S,
    /** An s2c push's intended business API call → the client's receipt. */
    S2C,
    /** A periodic pull's intended start → its empty page (every page of the round). */
    PULL_PERIODIC;

    /** The file stem, e.g. {@code e2e} or {@code e2e-online}. */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
