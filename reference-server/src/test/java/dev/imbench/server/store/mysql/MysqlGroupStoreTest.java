package dev.imbench.server.store.mysql;

import dev.imbench.server.store.GroupStore;
import dev.imbench.server.store.GroupStoreContract;
import org.junit.jupiter.api.AfterAll;

/** The group-store contract, unchanged, on MySQL (test shards emptied per test). */
class MysqlGroupStoreTest extends GroupStoreContract {

    @AfterAll
    static void closeShards() {
        MysqlMessageStoreTest.closeShards();
    }

    @Override
    protected GroupStore newStore() {
        MysqlShards s = MysqlMessageStoreTest.testShards();
        s.truncateAll();
        return new MysqlGroupStore(s);
    }
}
