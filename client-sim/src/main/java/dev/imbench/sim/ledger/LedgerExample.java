package dev.imbench.sim.ledger;

/**
 * One example of an anomaly in {@code delivery.json}; times are ms since the
 * run's start, -1 when the event did not happen.
 *
 * @param msg         the client message id
 * @param from        sender uid
 * @param to          recipient uid
 * @param group       server group id, 0 for c2c
 * @param sentMs      first send
 * @param ackMs       server ack
 * @param deliveredMs first arrival at {@code to}
 * @param detail      what is wrong, in words
 */
public record LedgerExample(long msg, String from, String to, long group, long sentMs, long ackMs,
                            long deliveredMs, String detail) {
}
