package dev.imbench.server.queue;

/**
 * A client report routed to a business line.
 *
 * @param business    business line (selects the queue)
 * @param from        sending uid
 * @param payload     opaque bytes
 * @param clientMsgId the client's id for it
 * @param receivedAt  epoch ms at the gate
 */
public record BusinessMessage(String business, String from, byte[] payload, long clientMsgId, long receivedAt) {
}
