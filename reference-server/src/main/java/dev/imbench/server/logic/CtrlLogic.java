package dev.imbench.server.logic;

import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.CtrlPushRequest;
import dev.imbench.protocol.pb.CtrlSendRequest;
import dev.imbench.protocol.pb.CtrlSendResponse;
import dev.imbench.protocol.pb.ErrorCode;
import dev.imbench.server.gate.Session;
import dev.imbench.server.store.Envelope;
import dev.imbench.server.store.Group;
import dev.imbench.server.store.SendReceipt;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashSet;
import java.util.Set;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Group control: create (content = name; answer content = the new group id), add members
 * (to = group id, content = comma-separated uids), exit, delete (owner only), modify announcement.
 * Each change is stored as a CTRL_PUSH_REQ row in the inbox of every member concerned (except the
 * sender) and pushed to those online, so offline members learn it by pull.
 */
final class CtrlLogic {

    private final LogicContext ctx;
    private final Deliverer deliverer;
    private final RecipientLocks locks;
    /** Group created by each create-group send row, so a resent create answers the same group. */
    private final ConcurrentHashMap<Long, Long> createdBySend = new ConcurrentHashMap<>();

    CtrlLogic(LogicContext ctx, Deliverer deliverer, RecipientLocks locks) {
        this.ctx = ctx;
        this.deliverer = deliverer;
        this.locks = locks;
    }

    void send(Session s, Frame f) {
        CtrlSendRequest req = f.bodyAs(CtrlSendRequest.class);
        if (req.getType() == CtrlSendRequest.Type.UNRECOGNIZED) {
            s.error(f.seq(), f.cmd().getNumber(), ErrorCode.ERR_MALFORMED_FRAME, "unknown ctrl type");
            return;
        }
        long group = 0;
        if (req.getType() != CtrlSendRequest.Type.CREATE_GROUP) {
            try {
                group = Long.parseLong(req.getTo().trim());
            } catch (NumberFormatException e) {
                s.error(f.seq(), f.cmd().getNumber(), ErrorCode.ERR_MALFORMED_FRAME, "to must be a group id: " + req.getTo());
                return;
            }
            Optional<Group> g = ctx.groups().find(group);
            if (g.isEmpty()) {
                s.error(f.seq(), f.cmd().getNumber(), ErrorCode.ERR_NO_SUCH_GROUP, "no group " + group);
                return;
            }
            if (req.getType() == CtrlSendRequest.Type.GROUP_ADDMEMBERS
                    && tooMany(g.get().members(), req.getContent())) {
                s.error(f.seq(), f.cmd().getNumber(), ErrorCode.ERR_MALFORMED_FRAME, "group " + group
                        + " would have more than " + ctx.config().maxGroupMembers() + " members (maxGroupMembers)");
                return;
            }
            if (!g.get().members().contains(req.getFrom())
                    || req.getType() == CtrlSendRequest.Type.GROUP_DELETE && !g.get().owner().equals(req.getFrom())) {
                s.error(f.seq(), f.cmd().getNumber(), ErrorCode.ERR_NOT_MEMBER,
                        req.getType() == CtrlSendRequest.Type.GROUP_DELETE ? "only the owner may delete" : "not a member");
                return;
            }
        }
        long now = ctx.clock().millis();
        Envelope e = new Envelope(req.getFrom(), req.getTo(), group, CmdId.CTRL_PUSH_REQ_VALUE, f.seq(),
                req.getContent(), req.getClientMsgId(), now);
        SendReceipt receipt;
        try {
            receipt = ctx.messages().recordSend(e);
        } catch (RuntimeException ex) {
            s.error(f.seq(), f.cmd().getNumber(), ErrorCode.ERR_STORE_FAILED, "not stored: " + Failures.brief(ex));
            return;
        }
        String answer = receipt.duplicate() ? replayAnswer(req, receipt) : apply(req, group, e, receipt.msgid());
        s.reply(f, CtrlSendResponse.newBuilder().setMsgid(receipt.msgid()).setTimestamp(receipt.sendTime())
                .setContent(answer).build());
    }

    private boolean tooMany(Collection<String> members, String added) {
        Set<String> have = new HashSet<>(members);
        long newOnes = Arrays.stream(added.split(",")).map(String::trim).filter(u -> !u.isEmpty())
                .filter(u -> !have.contains(u)).distinct().count();
        return members.size() + newOnes > ctx.config().maxGroupMembers();
    }

    private String replayAnswer(CtrlSendRequest req, SendReceipt receipt) {
        if (req.getType() == CtrlSendRequest.Type.CREATE_GROUP) {
            Long g = createdBySend.get(receipt.msgid());
            return g == null ? "" : Long.toString(g);
        }
        return req.getTo();
    }

    private String apply(CtrlSendRequest req, long group, Envelope e, long sendId) {
        String from = req.getFrom();
        List<String> notify = new ArrayList<>();
        switch (req.getType()) {
            case CREATE_GROUP -> {
                long created = ctx.groups().create(from, req.getContent(), e.sendTime());
                ctx.timelines().join(from, created);
                createdBySend.put(sendId, created);
                return Long.toString(created);
            }
            case GROUP_ADDMEMBERS -> {
                List<String> uids = Arrays.stream(req.getContent().split(",")).map(String::trim)
                        .filter(u -> !u.isEmpty()).toList();
                for (String added : ctx.groups().addMembers(group, uids)) {
                    ctx.timelines().join(added, group);
                }
                notify.addAll(ctx.groups().members(group));
            }
            case GROUP_EXIT -> {
                ctx.groups().removeMember(group, from);
                notify.addAll(ctx.groups().members(group));
            }
            case GROUP_DELETE -> ctx.groups().delete(group).ifPresent(g -> notify.addAll(g.members()));
            case GROUP_MODIFY_ANNOUNCE -> {
                ctx.groups().setAnnouncement(group, req.getContent());
                notify.addAll(ctx.groups().members(group));
            }
            case UNRECOGNIZED -> {
                return "";
            }
        }
        notify.remove(from);
        if (!notify.isEmpty()) {
            notifyMembers(req, from, notify, e);
        }
        return req.getTo();
    }

    private void notifyMembers(CtrlSendRequest req, String from, List<String> notify, Envelope e) {
        RecipientLocks.Held held = locks.lock(notify);
        try {
            long[] ids = ctx.messages().appendToInboxes(notify, e);
            for (int i = 0; i < ids.length; i++) {
                deliverer.pushStored(notify.get(i), CmdId.CTRL_PUSH_REQ, CtrlPushRequest.newBuilder().setFrom(from)
                        .setType(req.getType()).setTo(req.getTo()).setMsgid(ids[i]).setContent(req.getContent()).build());
            }
        } finally {
            held.close();
        }
    }
}
