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

/**
 * Offline pull with the reference design's cursor: the request's offset acknowledges every row ≤ offset
 * (marked delivered), the answer is the next page of rows with msgid > offset (cut short rather
 * than exceed {@code maxBodyLength}), and an empty page ends the client's loop.
 */
final class PullLogic {

    private final LogicContext ctx;
    private final GroupTimelines timelines;

    PullLogic(LogicContext ctx, GroupTimelines timelines) {
        this.ctx = ctx;
        this.timelines = timelines;
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
        try {
            timelines.ackUpTo(uid, req.getOffset());
            rows = timelines.page(uid, req.getOffset(), limit);
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
        s.reply(f, page.build());
    }
}
