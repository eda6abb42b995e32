package dev.imbench.sim.business;

import java.io.IOException;
import java.util.List;

/**
 * The IM server's side facing business servers, as the simulator plays one: push to a user through
 * the server's API, and read the reports clients sent to a business line.
 */
public interface BusinessApi {

    /**
     * Pushes a payload to every online device of a user.
     *
     * @return devices it was written to (0: the user was offline and the server dropped it)
     * @throws IOException when the call failed (an error status, no answer)
     */
    int push(String uid, String business, String payload) throws IOException, InterruptedException;

    /** Takes up to {@code max} reports from the head of a business line's queue (empty when none waits). */
    List<Report> poll(String business, int max) throws IOException, InterruptedException;

    /**
     * Makes the first push cost what the others do (connections opened, code loaded): called once
     * before the first phase, so that cost does not land in a measured phase as generator lag.
     */
    default void warmUp() throws IOException, InterruptedException {
    }

    /**
     * A report read from a business line.
     *
     * @param from        the sending uid
     * @param clientMsgId the client's id for it
     */
    record Report(String from, long clientMsgId) {
    }
}
