package dev.imbench.server.logic;

import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.C2GPushRequest;
import dev.imbench.protocol.pb.C2GSendRequest;
import dev.imbench.protocol.pb.C2GSendResponse;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.ErrorCode;
import dev.imbench.server.FanoutMode;
import dev.imbench.server.gate.Session;
import dev.imbench.server.store.Envelope;
import dev.imbench.server.store.SendReceipt;
import dev.imbench.server.store.TimelineReceipt;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * c2g. In {@link FanoutMode#READ} mode one timeline row, stored with the send row before the ack, replaces the
 * per-member rows (the msgid is drawn when it is stored, so the ack still follows it).
 * By write diffusion: store the send row → read the member list → write one inbox row per member (except
 * the sender) in batches, pushing each batch to its online members → ack the sender → their
 * C2G_PUSH_RESP acks go to the {@link AckBuffer}, flushed periodically.
 *
 * <p><b>Order as shown (ours).</b> The article acks right after the send row; we ack after the fan-out has
 * written every member's row. So a message acked before another was sent has, in every member's inbox, the
 * smaller msgid, whichever lanes or logic nodes handle the two sends (a member's msgids increase in the
 * order rows become visible), and every member sees the group in the order its senders saw acks. Acking
 * first let a later send's fan-out overtake an earlier one on another lane. A resend of a message whose
 * fan-out is still running waits for that fan-out before it is answered ({@link #inFlight}), for the same
 * reason.
 */
final class C2gLogic {

    /** Inbox rows written per store call. */
    static final int BATCH = 128;

    private final LogicContext ctx;
    private final Deliverer deliverer;
    private final DeliveryTimer timer;
    private final RecipientLocks locks;
    /** Sends whose fan-out is running, by (from, client_msg_id): a resend of one waits for it. */
    private final ConcurrentHashMap<SendKey, CountDownLatch> inFlight = new ConcurrentHashMap<>();

    private record SendKey(String from, long clientMsgId) {
    }

    C2gLogic(LogicContext ctx, Deliverer deliverer, DeliveryTimer timer, RecipientLocks locks) {
        this.ctx = ctx;
        this.deliverer = deliverer;
        this.timer = timer;
        this.locks = locks;
    }

    void send(Session s, Frame f) {
        C2GSendRequest req = f.bodyAs(C2GSendRequest.class);
        long group = req.getGroup();
        if (ctx.groups().find(group).isEmpty()) {
            s.error(f.seq(), f.cmd().getNumber(), ErrorCode.ERR_NO_SUCH_GROUP, "no group " + group);
            return;
        }
        if (!ctx.groups().isMember(group, req.getFrom())) {
            s.error(f.seq(), f.cmd().getNumber(), ErrorCode.ERR_NOT_MEMBER, "not a member of group " + group);
            return;
        }
        Envelope e = new Envelope(req.getFrom(), Long.toString(group), group, CmdId.C2G_PUSH_REQ_VALUE, f.seq(),
                req.getContent(), req.getClientMsgId(), ctx.clock().millis());
        if (ctx.config().fanoutMode() == FanoutMode.READ) {
            sendRead(s, f, e);
            return;
        }
        SendKey key = req.getClientMsgId() == 0 ? null : new SendKey(req.getFrom(), req.getClientMsgId());
        CountDownLatch mine = key == null ? null : awaitOthersAndClaim(key);
        try {
            SendReceipt receipt;
            long t0 = System.nanoTime();
            try {
                receipt = ctx.messages().recordSend(e);
            } catch (RuntimeException ex) {
                s.error(f.seq(), f.cmd().getNumber(), ErrorCode.ERR_STORE_FAILED, "not stored: " + Failures.brief(ex));
                return;
            }
            ctx.metrics().storeNanos(System.nanoTime() - t0);
            if (!receipt.duplicate()) {
                try {
                    fanOut(e);
                } catch (RuntimeException ex) {
                    // Not acked: the members whose rows were written keep them; the resend is a duplicate.
                    s.error(f.seq(), f.cmd().getNumber(), ErrorCode.ERR_STORE_FAILED, "stored as msgid "
                            + receipt.msgid() + " but the fan-out failed: " + Failures.brief(ex));
                    return;
                }
            }
            s.reply(f, C2GSendResponse.newBuilder().setMsgid(receipt.msgid()).setTimestamp(receipt.sendTime())
                    .setClientMsgId(req.getClientMsgId()).build());
        } finally {
            if (mine != null) {
                inFlight.remove(key, mine);
                mine.countDown();
            }
        }
    }

    /**
     * Waits until no other attempt of this message is being handled, then marks this one as running; the
     * caller counts the returned latch down when done. No lock is held while waiting.
     */
    private CountDownLatch awaitOthersAndClaim(SendKey key) {
        CountDownLatch mine = new CountDownLatch(1);
        while (true) {
            CountDownLatch running = inFlight.putIfAbsent(key, mine);
            if (running == null) {
                return mine;
            }
            try {
                running.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while a resend waited for its first attempt", ex);
            }
        }
    }

    private void fanOut(Envelope e) {
        List<String> recipients = new ArrayList<>(ctx.groups().members(e.group()));
        recipients.remove(e.from());
        ctx.metrics().fanoutQueued(recipients.size());
        for (int from = 0; from < recipients.size(); from += BATCH) {
            List<String> batch = recipients.subList(from, Math.min(recipients.size(), from + BATCH));
            long[] ids;
            RecipientLocks.Held held = locks.lock(batch);
            try {
                ids = ctx.messages().appendToInboxes(batch, e);
                for (int i = 0; i < ids.length; i++) {
                    String uid = batch.get(i);
                    deliverer.pushStored(uid, CmdId.C2G_PUSH_REQ, C2GPushRequest.newBuilder().setFrom(e.from())
                            .setGroup(e.group()).setContent(e.content()).setMsgid(ids[i]).setTimestamp(e.sendTime())
                            .setClientMsgId(e.clientMsgId()).build());
                }
            } finally {
                held.close();
            }
            timer.watchAll(batch, ids, e);
            ctx.metrics().fanoutQueued(-ids.length);
        }
    }

    /**
     * Read diffusion: the send row and one timeline row stored together before the ack (so an acked message is never
     * missing from the timeline), then pushed to online members with the timeline row's msgid.
     */
    private void sendRead(Session s, Frame f, Envelope e) {
        List<String> recipients = new ArrayList<>(ctx.groups().members(e.group()));
        recipients.remove(e.from());
        TimelineReceipt receipt;
        RecipientLocks.Held held = locks.lock(recipients);
        try {
            long t0 = System.nanoTime();
            try {
                receipt = ctx.timelines().post(e);
            } catch (RuntimeException ex) {
                s.error(f.seq(), f.cmd().getNumber(), ErrorCode.ERR_STORE_FAILED, "not stored: " + Failures.brief(ex));
                return;
            }
            ctx.metrics().storeNanos(System.nanoTime() - t0);
            s.reply(f, C2GSendResponse.newBuilder().setMsgid(receipt.msgid()).setTimestamp(receipt.sendTime())
                    .setClientMsgId(e.clientMsgId()).build());
            if (receipt.duplicate()) {
                return;
            }
            C2GPushRequest push = C2GPushRequest.newBuilder().setFrom(e.from()).setGroup(e.group())
                    .setContent(e.content()).setMsgid(receipt.timelineMsgid()).setTimestamp(e.sendTime())
                    .setClientMsgId(e.clientMsgId()).build();
            for (String uid : recipients) {
                deliverer.pushStored(uid, CmdId.C2G_PUSH_REQ, push);
            }
        } finally {
            held.close();
        }
        timer.watchAll(recipients, new long[] {receipt.timelineMsgid()}, e);
    }
}
