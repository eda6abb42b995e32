package dev.imbench.server.logic;

import dev.imbench.protocol.pb.CmdId;
import dev.imbench.server.FanoutMode;
import dev.imbench.server.store.Envelope;
import java.util.OptionalLong;

/**
 * Where "delivered" lives for each row: the inbox's delivered flag, or, for group rows in read
 * diffusion, the member's read cursor in the group's timeline.
 */
final class DeliveryState {

    private final LogicContext ctx;
    private final boolean read;

    DeliveryState(LogicContext ctx) {
        this.ctx = ctx;
        this.read = ctx.config().fanoutMode() == FanoutMode.READ;
    }

    boolean isDelivered(String uid, long msgid, Envelope e) {
        if (read && e.cmdId() == CmdId.C2G_PUSH_REQ_VALUE) {
            return ctx.timelines().cursor(uid, e.group()) >= msgid;
        }
        return ctx.messages().isDelivered(uid, msgid);
    }

    /** Applies a c2g delivery ack (from the ack buffer). */
    boolean groupAck(String uid, long msgid) {
        if (!read) {
            return ctx.messages().markDelivered(uid, msgid);
        }
        OptionalLong group = ctx.timelines().groupOf(msgid);
        if (group.isEmpty()) {
            return false;
        }
        long before = ctx.timelines().cursor(uid, group.getAsLong());
        ctx.timelines().advanceCursor(uid, group.getAsLong(), msgid);
        return msgid > before;
    }
}
