/**
 * Message and group storage behind small interfaces ({@link dev.imbench.server.store.MessageStore},
 * {@link dev.imbench.server.store.GroupStore}) with in-memory implementations. The tables of the
 * design map onto them: the send log is {@code im_message_send}, inboxes are {@code im_message_recieve}.
 */
package dev.imbench.server.store;
