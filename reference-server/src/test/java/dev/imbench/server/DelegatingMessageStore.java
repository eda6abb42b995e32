package dev.imbench.server;

import dev.imbench.server.store.C2cReceipt;
import dev.imbench.server.store.Envelope;
import dev.imbench.server.store.InMemoryMessageStore;
import dev.imbench.server.store.InboxRow;
import dev.imbench.server.store.MessageStore;
import dev.imbench.server.store.SendReceipt;
import java.util.List;

/**
 * An in-memory message store behind a delegating front; tests override one method to slow or fail it.
 * Pass {@link #inner} as the timelines ({@code ServerBackends.withMessages(store, store.inner)}).
 */
class DelegatingMessageStore implements MessageStore {

    final InMemoryMessageStore inner = new InMemoryMessageStore();

    /** Through {@link #recordSend} and {@link #appendToInboxes}, so a test overriding either affects c2c too. */
    @Override
    public C2cReceipt storeC2c(Envelope envelope) {
        SendReceipt send = recordSend(envelope);
        long inbox = send.duplicate() ? 0 : appendToInboxes(List.of(envelope.to()), envelope)[0];
        return new C2cReceipt(send.msgid(), inbox, send.sendTime(), send.duplicate());
    }

    @Override
    public SendReceipt recordSend(Envelope envelope) {
        return inner.recordSend(envelope);
    }

    @Override
    public long[] appendToInboxes(List<String> recipients, Envelope envelope) {
        return inner.appendToInboxes(recipients, envelope);
    }

    @Override
    public List<InboxRow> page(String uid, long afterMsgid, int limit) {
        return inner.page(uid, afterMsgid, limit);
    }

    @Override
    public int ackUpTo(String uid, long cursor) {
        return inner.ackUpTo(uid, cursor);
    }

    @Override
    public boolean markDelivered(String uid, long msgid) {
        return inner.markDelivered(uid, msgid);
    }

    @Override
    public boolean isDelivered(String uid, long msgid) {
        return inner.isDelivered(uid, msgid);
    }
}
