/**
 * The delivery ledger (every attempt, ack and arrival, in primitive arrays keyed
 * by client message id) and the checker that turns it into the verdict of
 * {@code delivery.json}, with the categories of Jepsen's queue checker.
 */
package dev.imbench.sim.ledger;
