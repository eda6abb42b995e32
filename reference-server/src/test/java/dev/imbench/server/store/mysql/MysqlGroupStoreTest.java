package dev.imbench.server.store.mysql;

import dev.imbench.server.store.GroupStore;
import dev.imbench.server.store.GroupStoreContract;
import org.junit.jupiter.api.AfterAll;

/** The group-store contract, unchanged, on MySQL (test shards emptied per test). */
class MysqlGroupStoreTest extends GroupStoreContract {

    @AfterAll
    static void closeShards() {
        MysqlMessageStoreTest.SHARDS.close();
    }

    @Override
    protected GroupStore newStore() {
        return new MysqlGroupStore(MysqlMessageStoreTest.SHARDS.empty());
    }
}
