package dev.imbench.server.store.mysql;

import dev.imbench.server.backends.LiveServices;

/**
 * The MySQL shards a store test class shares: schemas {@code <prefix>0 … <prefix>(count-1)} on the test MariaDB,
 * opened on first use (skipping, or failing under {@code CI=true}, when MySQL is absent), emptied by
 * {@link #empty()} before each test, emptied and closed by {@link #close()} after the class.
 */
final class TestShards {

    private final String prefix;
    private final int count;
    private MysqlShards shards;

    /** @param prefix schema name prefix, e.g. {@code imbench_test_shard_} */
    TestShards(String prefix, int count) {
        this.prefix = prefix;
        this.count = count;
    }

    /** The open shards (pools of 4 connections). */
    synchronized MysqlShards get() {
        LiveServices.requireMysql();
        if (shards == null) {
            shards = MysqlShards.open(MysqlShards.urls(LiveServices.mysqlTestPrefix(prefix), count), "root", "", 4);
        }
        return shards;
    }

    /** The open shards with every table emptied. */
    synchronized MysqlShards empty() {
        MysqlShards s = get();
        s.truncateAll();
        return s;
    }

    /** Empties and closes the shards, if they were opened. */
    synchronized void close() {
        if (shards != null) {
            shards.truncateAll();
            shards.close();
            shards = null;
        }
    }
}
