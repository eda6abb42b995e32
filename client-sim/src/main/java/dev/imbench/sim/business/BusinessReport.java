package dev.imbench.sim.business;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The verdict on the business flows, the {@code business} object of {@code delivery.json}.
 *
 * @param c2s      reports sent to the business line
 * @param s2c      pushes the business server sent through the API
 * @param pulls    periodic pull rounds
 * @param examples up to ten examples of what went wrong (lost, unexpected)
 */
public record BusinessReport(C2s c2s, S2c s2c, Pulls pulls, List<String> examples) {

    /**
     * @param attempted  reports a client meant to send
     * @param sent       of those, sent at least once
     * @param acked      acked by the gate (queued)
     * @param consumed   read by the consumer at least once
     * @param lost       acked and never read
     * @param duplicated reads after the first (the queue delivers at least once)
     * @param unexpected reads of reports no client sent
     * @param recovered  read but never acked (the ack was lost; the report was not)
     */
    public record C2s(long attempted, long sent, long acked, long consumed, long lost, long duplicated,
                      long unexpected, long recovered) {
    }

    /**
     * @param attempted  pushes the business server meant to send
     * @param unsent     of those, whose API call never started (the run ended first)
     * @param inFlight   whose API call had not answered when the run ended
     * @param accepted   the API pushed to an online device
     * @param offline    the API answered that the user was offline: dropped by design, not lost
     * @param failed     the API call failed (an error status or no answer)
     * @param delivered  received by the client at least once
     * @param droppedAtDisconnect accepted, never received, and the client's connection closed after the call: the
     *                   server wrote it to a session on its way out, and s2c is not stored (dropped by design)
     * @param lost       accepted and never received by a client that stayed connected
     * @param duplicated receipts after the first
     * @param unexpected pushes received that were never sent to that client
     */
    public record S2c(long attempted, long unsent, long inFlight, long accepted, long offline, long failed,
                      long delivered, long droppedAtDisconnect, long lost, long duplicated, long unexpected) {
    }

    /**
     * @param rounds periodic pull rounds done (each pulls until an empty page)
     * @param pages  pages they took, the empty ones included
     * @param rows   rows they brought
     */
    public record Pulls(long rounds, long pages, long rows) {
    }

    /** Nothing lost, nothing unexpected, no push call left unanswered. */
    public boolean valid() {
        return c2s.lost == 0 && c2s.unexpected == 0 && s2c.lost == 0 && s2c.unexpected == 0 && s2c.inFlight == 0;
    }

    /** Whether any business flow ran. */
    public boolean active() {
        return c2s.attempted > 0 || s2c.attempted > 0 || pulls.rounds > 0 || c2s.unexpected > 0 || s2c.unexpected > 0;
    }

    /** The {@code business} object of {@code delivery.json}: the records' fields, by name, in order. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("c2s", JSON.convertValue(c2s, MAP));
        m.put("s2c", JSON.convertValue(s2c, MAP));
        m.put("pulls", JSON.convertValue(pulls, MAP));
        m.put("valid", valid());
        m.put("examples", examples);
        return m;
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Object>> MAP = new TypeReference<>() { };
}
