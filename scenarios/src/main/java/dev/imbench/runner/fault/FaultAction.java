package dev.imbench.runner.fault;

/**
 * What one fault does: {@link #apply} at its start, {@link #lift} at its end (or before the drain when
 * it lasts to the end of the phases). Made per fault by its {@link FaultActions.Kind}, so it may keep
 * state between the two (what it chose, what it stopped). The engine writes each call as an event of
 * {@code events.jsonl} with the detail returned; an exception makes the run broken (its numbers could
 * not be trusted), after every fault in force was lifted.
 */
public interface FaultAction {

    /**
     * Starts the fault.
     *
     * @return what it did, for the event log (e.g. "gate-2 killed: 480 sessions dropped")
     */
    String apply(FaultContext context) throws Exception;

    /**
     * Ends the fault (an action that happens at once and is not lifted returns what it left behind).
     *
     * @return what it did, for the event log (the engine writes it after "removed — ")
     */
    String lift(FaultContext context) throws Exception;
}
