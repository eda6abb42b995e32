package dev.imbench.server.store;

/** The message-store contract on the embedded store. */
class InMemoryMessageStoreTest extends MessageStoreContract {

    @Override
    protected MessageStore newStore() {
        return new InMemoryMessageStore();
    }
}
