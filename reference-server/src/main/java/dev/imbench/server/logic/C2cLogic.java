package dev.imbench.server.logic;

import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.C2CPushRequest;
import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.C2CSendResponse;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.ErrorCode;
import dev.imbench.server.gate.Session;
import dev.imbench.server.route.Route;
import dev.imbench.server.store.Envelope;
import dev.imbench.server.store.InboxRow;
import dev.imbench.server.store.C2cReceipt;
import java.util.List;

/**
 * c2c, the reference design's steps: store (send row + the recipient's inbox row) → look the recipient up → only
 * then ack the sender → push to each online device → start the offline-push timer; the recipient's
 * C2C_PUSH_RESP marks the row delivered. A resend (same from + client_msg_id) is not stored again: it
 * is answered with the first msgid, and the row is pushed again to the recipient's online devices if
 * the recipient has not acknowledged it (its push was lost, or routing was down when it was stored).
 * When routing is unreachable the stored row is not acked: the sender gets {@code ERR_INTERNAL} and
 * resends, and the row waits for that resend, the pull and the offline timer.
 */
final class C2cLogic {

    private final LogicContext ctx;
    private final Deliverer deliverer;
    private final DeliveryTimer timer;
    /** How many of a recipient's undelivered rows a resend looks through for its own. */
    static final int RESEND_SCAN = 256;

    private final RecipientLocks locks;

    C2cLogic(LogicContext ctx, Deliverer deliverer, DeliveryTimer timer, RecipientLocks locks) {
        this.ctx = ctx;
        this.deliverer = deliverer;
        this.timer = timer;
        this.locks = locks;
    }

    void send(Session s, Frame f) {
        C2CSendRequest req = f.bodyAs(C2CSendRequest.class);
        if (req.getTo().isEmpty()) {
            s.error(f.seq(), f.cmd().getNumber(), ErrorCode.ERR_MALFORMED_FRAME, "c2c needs a recipient");
            return;
        }
        Envelope e = new Envelope(req.getFrom(), req.getTo(), 0, CmdId.C2C_PUSH_REQ_VALUE, f.seq(),
                req.getContent(), req.getClientMsgId(), ctx.clock().millis());
        C2cReceipt receipt;
        long inboxId;
        List<String> to = List.of(e.to());
        RecipientLocks.Held held = locks.lock(to);
        try {
            long t0 = System.nanoTime();
            try {
                receipt = ctx.messages().storeC2c(e);
                inboxId = receipt.inboxMsgid();
            } catch (RuntimeException ex) {
                s.error(f.seq(), f.cmd().getNumber(), ErrorCode.ERR_STORE_FAILED, "not stored: " + Failures.brief(ex));
                return;
            }
            ctx.metrics().storeNanos(System.nanoTime() - t0);
            C2CSendResponse ack = C2CSendResponse.newBuilder().setMsgid(receipt.msgid())
                    .setTimestamp(receipt.sendTime()).setClientMsgId(req.getClientMsgId()).build();
            List<Route> routes;
            try {
                routes = deliverer.routes(e.to());
            } catch (RuntimeException ex) {
                // Stored, not acked: the resend (same client_msg_id) is answered with this msgid and stored
                // no second time; the row waits for the resend, the recipient's pull and the offline-push timer.
                s.error(f.seq(), f.cmd().getNumber(), ErrorCode.ERR_INTERNAL, "stored as msgid " + receipt.msgid()
                        + " but routing is unavailable (" + Failures.brief(ex) + "): resend with the same client_msg_id");
                routes = null;
            }
            if (routes != null) {
                s.reply(f, ack);
                InboxRow row = !receipt.duplicate() ? new InboxRow(inboxId, e, false)
                        : routes.isEmpty() ? null : undelivered(e);
                if (row != null) {
                    deliverer.push(routes, CmdId.C2C_PUSH_REQ, push(row.envelope(), row.msgid()));
                }
            }
        } finally {
            held.close();
        }
        if (!receipt.duplicate()) {
            timer.watch(e.to(), inboxId, e);
        }
    }

    private static C2CPushRequest push(Envelope e, long inboxId) {
        return C2CPushRequest.newBuilder().setFrom(e.from()).setContent(e.content()).setMsgid(inboxId)
                .setTimestamp(e.sendTime()).setClientMsgId(e.clientMsgId()).build();
    }

    /**
     * The recipient's inbox row of a resent message if the recipient has not acknowledged it, among the
     * first {@link #RESEND_SCAN} undelivered rows (null otherwise, or when the store cannot say).
     */
    private InboxRow undelivered(Envelope resent) {
        try {
            long first = ctx.messages().firstUndelivered(resent.to(), Long.MAX_VALUE);
            if (first == 0) {
                return null;
            }
            for (InboxRow r : ctx.messages().page(resent.to(), first - 1, RESEND_SCAN)) {
                Envelope e = r.envelope();
                if (!r.delivered() && e.cmdId() == CmdId.C2C_PUSH_REQ_VALUE && e.clientMsgId() == resent.clientMsgId()
                        && e.from().equals(resent.from())) {
                    return r;
                }
            }
            return null;
        } catch (RuntimeException ex) {
            return null; // acked already; the row waits for the pull
        }
    }
}
