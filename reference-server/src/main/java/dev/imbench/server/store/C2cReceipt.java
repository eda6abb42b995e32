package dev.imbench.server.store;

/**
 * The result of storing a c2c message: its send row and the recipient's inbox row, stored together.
 *
 * @param msgid      the send row's id (answered to the sender)
 * @param inboxMsgid the recipient's inbox row id (pushed to the recipient); 0 for a duplicate
 * @param sendTime   the stored send time (the first one for a duplicate)
 * @param duplicate  true if (from, clientMsgId) was already stored; nothing new was written
 */
public record C2cReceipt(long msgid, long inboxMsgid, long sendTime, boolean duplicate) {
}
