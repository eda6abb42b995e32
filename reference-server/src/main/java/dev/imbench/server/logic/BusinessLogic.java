package dev.imbench.server.logic;

import com.google.protobuf.ByteString;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.C2SSendRequest;
import dev.imbench.protocol.pb.C2SSendResponse;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.ErrorCode;
import dev.imbench.protocol.pb.S2CPushRequest;
import dev.imbench.server.gate.Session;
import dev.imbench.server.queue.BusinessMessage;
import java.util.concurrent.atomic.AtomicLong;

/**
 * c2s (the report goes to its business line's queue, then the gate acks at once; no ack when the line is
 * full, ERR_OVERLOADED, or the queue is unreachable) and s2c (a business server's push: offline → dropped and counted; online → pushed;
 * the client's ack is counted).
 */
public final class BusinessLogic {

    private final LogicContext ctx;
    private final Deliverer deliverer;
    private final AtomicLong s2cIds = new AtomicLong();
    private final AtomicLong s2cAcked = new AtomicLong();
    private final AtomicLong c2sDropped = new AtomicLong();

    BusinessLogic(LogicContext ctx, Deliverer deliverer) {
        this.ctx = ctx;
        this.deliverer = deliverer;
    }

    void c2s(Session s, Frame f) {
        C2SSendRequest req = f.bodyAs(C2SSendRequest.class);
        long now = ctx.clock().millis();
        boolean queued;
        try {
            queued = ctx.queue().publish(new BusinessMessage(req.getBusiness(), req.getFrom(),
                    req.getPayload().toByteArray(), req.getClientMsgId(), now));
        } catch (RuntimeException ex) {
            // The queue is unreachable (Redis down): not queued, so not acked; the client may resend.
            s.error(f.seq(), f.cmd().getNumber(), ErrorCode.ERR_INTERNAL, "not queued: " + Failures.brief(ex));
            return;
        }
        if (!queued) {
            // The line is full (count or bytes): refused, not acked; the client may resend later.
            c2sDropped.incrementAndGet();
            s.error(f.seq(), f.cmd().getNumber(), ErrorCode.ERR_OVERLOADED, "business line " + req.getBusiness()
                    + " is full (reports or bytes held): not queued, resend later");
            return;
        }
        s.reply(f, C2SSendResponse.newBuilder().setClientMsgId(req.getClientMsgId()).setTimestamp(now).build());
    }

    void s2cAck(Session s, Frame f) {
        s2cAcked.incrementAndGet();
    }

    /**
     * Pushes a business message to every online device of {@code uid}.
     *
     * @return the result: the push msgid and how many devices it was written to (0 = offline, dropped)
     */
    public S2cResult sendMsg(String uid, String business, byte[] payload) {
        long msgid = s2cIds.incrementAndGet();
        int pushed = deliverer.push(uid, CmdId.S2C_PUSH_REQ, S2CPushRequest.newBuilder().setBusiness(business)
                .setPayload(ByteString.copyFrom(payload)).setMsgid(msgid).setTimestamp(ctx.clock().millis()).build());
        if (pushed == 0) {
            ctx.metrics().s2cDropped();
        }
        return new S2cResult(msgid, pushed);
    }

    /** Acks received for s2c pushes. */
    public long s2cAcked() {
        return s2cAcked.get();
    }

    /** c2s reports refused because their queue was full. */
    public long c2sDropped() {
        return c2sDropped.get();
    }

    /**
     * The outcome of a business push.
     *
     * @param msgid  id of the push
     * @param pushed devices it was written to; 0 means the user was offline and it was dropped
     */
    public record S2cResult(long msgid, int pushed) {
    }
}
