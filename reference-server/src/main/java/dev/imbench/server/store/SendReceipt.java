package dev.imbench.server.store;

/**
 * The result of recording a send.
 *
 * @param msgid     the send row's id (answered to the sender)
 * @param sendTime  the stored send time (the first one for a duplicate)
 * @param duplicate true if (from, clientMsgId) was already stored; nothing new was written
 */
public record SendReceipt(long msgid, long sendTime, boolean duplicate) {
}
