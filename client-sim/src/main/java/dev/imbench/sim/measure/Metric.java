package dev.imbench.sim.measure;

import java.util.Locale;

/** The latency metrics of a run; each becomes {@code latency/<name>.hlog}. */
public enum Metric {
    /** SSO + connect + auth. */
    LOGIN,
    /** Send → server ack. */
    ACK,
    /** Sender's intended send → recipient's receipt. */
    E2E,
    /** One pull round trip. */
    PULL,
    /** Login → empty pull page. */
    DRAIN,
    /** Second device's login start → kickout received by the first. */
    KICKOUT,
    /** Disconnect → logged in again. */
    RECONNECT;

    /** The file stem, e.g. {@code e2e}. */
    public String fileName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
