package dev.imbench.server.backends;

/** Where messages and groups are stored. */
public enum StorageKind {
    /** The embedded in-memory stores. */
    MEMORY,
    /** Sharded MySQL/MariaDB. */
    MYSQL
}
