package dev.imbench.sim.client;

import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.ErrorResponse;
import dev.imbench.protocol.pb.PullMsg;
import dev.imbench.protocol.pb.PullRequest;
import dev.imbench.protocol.pb.PullResponse;
import dev.imbench.sim.measure.Metric;
import dev.imbench.sim.measure.RunMeasurements;
import java.io.IOException;
import java.util.List;

/**
 * A client's pull of its offline inbox, page by page until an empty page. Each page starts after the last
 * row of the previous one, not at the client's cursor: a push arriving meanwhile moves the cursor past rows
 * not pulled yet. A page may begin at or below the offset (the server re-sends a row whose push never
 * arrived), so progress is judged page against page: each must end past the previous one. Each page's
 * round trip is a {@link Metric#PULL}; a drain (the pull after a login, or the run's last) a {@link Metric#DRAIN}.
 */
final class OfflinePuller {

    /** Where a page's rows go: a chat message (an arrival by pull) or a ctrl row (it only moves the cursor). */
    @FunctionalInterface
    interface Rows {
        void row(PullMsg row, boolean ctrl, long now);
    }

    /** What one pull round took: pages (the empty last one included) and rows. */
    record Round(int pages, int rows) { }

    private final int pageSize;
    private final RunMeasurements measurements;

    /** One for all the clients of a simulation (it keeps no client's state). */
    OfflinePuller(int pageSize, RunMeasurements measurements) {
        this.pageSize = pageSize;
        this.measurements = measurements;
    }

    /**
     * Pulls client {@code index}'s inbox from {@code from} until an empty page; a refused page or one that
     * does not advance throws.
     */
    Round pullAll(ClientTask.Requester requester, String uid, int index, long from, boolean drain, Rows sink)
            throws IOException {
        long start = System.nanoTime();
        long offset = from;
        long lastEnd = Long.MIN_VALUE;
        int pages = 0;
        int rows = 0;
        while (true) {
            pages++;
            long t0 = System.nanoTime();
            Frame resp = requester.request(CmdId.PULL_REQ, PullRequest.newBuilder().setUid(uid).setOffset(offset)
                    .setLimit(pageSize).build());
            long now = System.nanoTime();
            if (resp.cmd() == CmdId.ERROR_RESP) {
                var code = resp.bodyAs(ErrorResponse.class).getCode();
                measurements.counters().error(code);
                throw new IOException("pull refused: " + code);
            }
            measurements.record(Metric.PULL, index, t0, t0, now);
            List<PullMsg> msgs = resp.bodyAs(PullResponse.class).getMsgsList();
            if (msgs.isEmpty()) {
                if (drain) {
                    measurements.record(Metric.DRAIN, index, start, start, now);
                }
                return new Round(pages, rows);
            }
            rows += msgs.size();
            for (PullMsg m : msgs) {
                sink.row(m, m.getCmdid() == CmdId.CTRL_PUSH_REQ_VALUE, now);
                offset = Math.max(offset, m.getMsgid());
            }
            long end = msgs.get(msgs.size() - 1).getMsgid();
            if (end <= lastEnd) {
                throw new IOException("pull page did not advance past " + lastEnd);
            }
            lastEnd = end;
        }
    }
}
