package dev.imbench.scenario;

import java.time.Duration;
import java.util.List;

/**
 * The virtual clients of a run.
 *
 * @param clients     how many virtual clients (one uid each)
 * @param rampPerSec  logins started per second while ramping up
 * @param transport   how they reach the gate
 * @param deviceTypes device types assigned round-robin (ios, android, web, pc)
 * @param heartbeat   keepalive interval of each client
 */
public record Population(int clients, double rampPerSec, TransportKind transport, List<String> deviceTypes,
                         Duration heartbeat) {
    /** Copies the list. */
    public Population {
        deviceTypes = List.copyOf(deviceTypes);
    }
}
