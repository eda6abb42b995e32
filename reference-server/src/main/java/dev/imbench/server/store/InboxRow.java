package dev.imbench.server.store;

/**
 * One received message in a user's inbox.
 *
 * @param msgid     id in the recipient's inbox; increases in the order rows become visible
 * @param envelope  the message
 * @param delivered whether the recipient acknowledged it
 */
public record InboxRow(long msgid, Envelope envelope, boolean delivered) {
}
