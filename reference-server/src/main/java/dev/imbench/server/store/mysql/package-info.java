/**
 * The MySQL (MariaDB-compatible) message store: the reference design's tables (docs/design.md), sharded over N JDBC URLs by
 * {@link dev.imbench.server.store.mysql.ShardRouter} (CRC32 of the UTF-8 uid, modulo N), created by an
 * idempotent migration ({@link dev.imbench.server.store.mysql.MysqlSchema}) and reached through HikariCP pools
 * ({@link dev.imbench.server.store.mysql.MysqlShards}). Writes are group-committed per shard
 * ({@link dev.imbench.server.store.mysql.GroupCommitSettings}): concurrent calls share one transaction and each
 * caller returns after its batch's commit.
 */
package dev.imbench.server.store.mysql;
