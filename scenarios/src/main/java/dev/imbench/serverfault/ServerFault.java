package dev.imbench.serverfault;

/**
 * One server-side fault of a run, bound to what it breaks: {@link #apply()} at the fault's start,
 * {@link #lift()} at its end (and before the drain when it is still in force). Each returns one line
 * for the event log saying what was done.
 */
public interface ServerFault {

    /** Breaks it. */
    String apply() throws Exception;

    /** Undoes it (a no-op for faults that undo themselves, such as {@code restart-gate}). */
    String lift() throws Exception;
}
