package dev.imbench.server.logic;

import com.google.protobuf.CodedOutputStream;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.ErrorCode;
import dev.imbench.protocol.pb.PullMsg;
import dev.imbench.protocol.pb.PullRequest;
import dev.imbench.protocol.pb.PullResponse;
import dev.imbench.server.gate.Session;
import dev.imbench.server.store.Envelope;
import dev.imbench.server.store.InboxRow;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Offline pull with the reference design's cursor, made gap-aware (ours). The answer is the next page of rows after
 * a start point (cut short rather than exceed {@code maxBodyLength}); an empty page ends the client's loop.
 *
 * <p>The start point is the request's offset (the largest msgid the client has), unless a row at or below
 * it was never delivered: then the page starts at that row, and rows the client may already have come
 * again under their msgid (it de-duplicates by msgid). This is what keeps the cursor from skipping a row
 * whose push never arrived while a later one did: in the split topology two logic nodes push to one
 * recipient independently, so row 11 can reach it before row 10, and a connection that dies between the
 * two leaves the client's offset at 11.
 *
 * <p>What a request acknowledges: every row up to the start point, and the rows of the previous page of
 * the same connection (it came back, since the client asked again on that connection). A row at or below
 * the offset that was neither pushed and acked nor sent in a page of this connection stays unacknowledged
 * and is sent again. Pages follow the inbox's order, so a page's rows are all its rows up to the last one.
 */
final class PullLogic {

    private final LogicContext ctx;
    private final GroupTimelines timelines;
    /** Per connection (gate id, session id): the msgid of the last row of its last page not yet confirmed. */
    private final ConcurrentHashMap<Connection, Long> pageEnds = new ConcurrentHashMap<>();

    private record Connection(String gateId, long session) {
    }

    PullLogic(LogicContext ctx, GroupTimelines timelines) {
        this.ctx = ctx;
        this.timelines = timelines;
    }

    /** The connection closed: forget its page (the next connection's first pull starts from the gaps). */
    void closed(Session s) {
        pageEnds.remove(new Connection(s.gateId(), s.id()));
    }

    void pull(Session s, Frame f) {
        PullRequest req = f.bodyAs(PullRequest.class);
        if (req.getLimit() < 0 || req.getOffset() < 0) {
            s.error(f.seq(), f.cmd().getNumber(), ErrorCode.ERR_MALFORMED_FRAME, "offset and limit must be >= 0");
            return;
        }
        int limit = req.getLimit() == 0 ? ctx.config().pullDefaultLimit()
                : Math.min(req.getLimit(), ctx.config().pullMaxLimit());
        String uid = s.uid();
        List<InboxRow> rows;
        Connection conn = new Connection(s.gateId(), s.id());
        long offset = req.getOffset();
        try {
            Long pageEnd = pageEnds.remove(conn);
            if (pageEnd != null) {
                timelines.ackUpTo(uid, Math.min(pageEnd, offset));
            }
            long gap = ctx.messages().firstUndelivered(uid, offset);
            long from = gap == 0 ? offset : gap - 1;
            if (from < offset) {
                ctx.metrics().pullRewound();
            }
            timelines.ackUpTo(uid, from);
            rows = timelines.page(uid, from, limit);
        } catch (RuntimeException ex) {
            s.error(f.seq(), f.cmd().getNumber(), ErrorCode.ERR_INTERNAL, "pull failed: " + Failures.brief(ex));
            return;
        }
        PullResponse.Builder page = PullResponse.newBuilder();
        int bytes = 0;
        for (InboxRow r : rows) {
            Envelope e = r.envelope();
            PullMsg m = PullMsg.newBuilder().setFrom(e.from()).setGroup(e.group()).setContent(e.content())
                    .setMsgid(r.msgid()).setCmdid(e.cmdId()).setSendTime(e.sendTime())
                    .setClientMsgId(e.clientMsgId()).build();
            // Keep the answer within the body limit: a shorter page, never a frame the client refuses.
            int size = CodedOutputStream.computeMessageSize(1, m);
            if (page.getMsgsCount() > 0 && bytes + size > ctx.config().maxBodyLength()) {
                break;
            }
            bytes += size;
            page.addMsgs(m);
        }
        if (page.getMsgsCount() > 0) {
            pageEnds.put(conn, page.getMsgs(page.getMsgsCount() - 1).getMsgid());
        }
        s.reply(f, page.build());
    }
}
