package dev.imbench.server.store;

/** The group-store contract on the embedded store. */
class InMemoryGroupStoreTest extends GroupStoreContract {

    @Override
    protected GroupStore newStore() {
        return new InMemoryGroupStore();
    }
}
