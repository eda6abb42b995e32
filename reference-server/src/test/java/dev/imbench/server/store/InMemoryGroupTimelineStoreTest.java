package dev.imbench.server.store;

/** The timeline contract on the embedded store (message store and timelines are one object). */
class InMemoryGroupTimelineStoreTest extends GroupTimelineStoreContract {

    @Override
    protected Pair newStores() {
        InMemoryMessageStore store = new InMemoryMessageStore();
        return new Pair(store, store);
    }
}
