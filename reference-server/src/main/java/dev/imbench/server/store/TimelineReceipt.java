package dev.imbench.server.store;

/**
 * The result of posting a group message by read diffusion: its send row and its group timeline row, stored together.
 *
 * @param msgid         the send row's id (answered to the sender)
 * @param timelineMsgid the timeline row's id (pushed to the members); 0 for a duplicate
 * @param sendTime      the stored send time (the first one for a duplicate)
 * @param duplicate     true if (from, clientMsgId) was already stored; nothing new was written
 */
public record TimelineReceipt(long msgid, long timelineMsgid, long sendTime, boolean duplicate) {
}
