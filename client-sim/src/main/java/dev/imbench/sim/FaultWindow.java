package dev.imbench.sim;

import java.util.function.IntPredicate;

/**
 * A fault as it happened, on the run clock (run start = 0), for the delivery
 * breakdown and the traces of the clients it concerned.
 *
 * @param name    the fault's name (unique in the run)
 * @param startMs run-relative start
 * @param endMs   run-relative end (when it was lifted)
 * @param clients which client indexes it concerned
 */
public record FaultWindow(String name, long startMs, long endMs, IntPredicate clients) {
}
