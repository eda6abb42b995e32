package dev.imbench.server.store;

import java.util.Objects;

/**
 * One message as sent, the columns both message tables share.
 *
 * @param from        sender uid
 * @param to          recipient uid (c2c) or the group id in decimal (c2g)
 * @param group       group id, 0 for c2c
 * @param cmdId       the cmdId a recipient receives it as (C2C_PUSH_REQ, C2G_PUSH_REQ, CTRL_PUSH_REQ)
 * @param seq         the header seq of the send frame
 * @param content     message text
 * @param clientMsgId the sender's id for the message; 0 means "none" (no de-duplication)
 * @param sendTime    server receive time, epoch ms
 */
public record Envelope(String from, String to, long group, int cmdId, int seq, String content,
                       long clientMsgId, long sendTime) {

    /** Checks the required fields. */
    public Envelope {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(content, "content");
    }
}
