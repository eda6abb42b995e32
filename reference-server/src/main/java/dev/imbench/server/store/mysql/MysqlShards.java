package dev.imbench.server.store.mysql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.sql.DataSource;

/**
 * One HikariCP pool per shard URL, with the database created if missing and the schema migrated.
 * Shard {@code i} is {@code urls.get(i)}; {@link #router()} maps a uid to its shard.
 */
public final class MysqlShards implements AutoCloseable {

    /** Default shard URLs: four schemas on the local server. */
    public static final List<String> DEFAULT_URLS = urls("jdbc:mysql://127.0.0.1:3306/imbench_shard_", 4);
    /** Default pool size per shard. */
    public static final int DEFAULT_POOL_SIZE = 8;
    /** Default wait for a connection before a store call fails (ms). */
    public static final long DEFAULT_CONNECTION_TIMEOUT_MS = 2_000;

    private static final Pattern URL = Pattern.compile("^(jdbc:mysql://[^/]+)/([A-Za-z0-9_]+)(\\?.*)?$");
    /**
     * Connector/J settings of every shard connection unless the shard URL sets them itself (measured in
     * BENCHMARKS-backends.md: driver settings).
     */
    static final Map<String, String> DRIVER_DEFAULTS = driverDefaults();

    private final List<HikariDataSource> pools;
    private final ShardRouter router;
    private final int poolSize;

    private MysqlShards(List<HikariDataSource> pools, int poolSize) {
        this.pools = List.copyOf(pools);
        this.router = new ShardRouter(pools.size());
        this.poolSize = poolSize;
    }

    /** Connections per shard at most. */
    public int poolSize() {
        return poolSize;
    }

    /** {@code prefix0 … prefix(n-1)}, e.g. {@code urls("jdbc:mysql://h:3306/imbench_shard_", 4)}. */
    public static List<String> urls(String prefix, int n) {
        List<String> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(prefix + i);
        }
        return List.copyOf(out);
    }

    /**
     * Opens the pools, creating each URL's database (utf8mb4) when missing and migrating it.
     *
     * @param urls     one JDBC URL per shard, {@code jdbc:mysql://host:port/database[?params]}
     * @param user     user name
     * @param password password (may be empty)
     * @param poolSize connections per shard
     * @throws IllegalStateException if a shard cannot be reached or migrated
     */
    public static MysqlShards open(List<String> urls, String user, String password, int poolSize) {
        if (urls.isEmpty()) {
            throw new IllegalArgumentException("at least one shard URL is needed");
        }
        List<HikariDataSource> pools = new ArrayList<>();
        try {
            for (String url : urls) {
                createDatabase(url, user, password);
                HikariConfig hc = new HikariConfig();
                hc.setJdbcUrl(withParams(url));
                hc.setUsername(user);
                hc.setPassword(password);
                hc.setMaximumPoolSize(poolSize);
                hc.setMinimumIdle(Math.min(2, poolSize));
                hc.setConnectionTimeout(DEFAULT_CONNECTION_TIMEOUT_MS);
                hc.setInitializationFailTimeout(DEFAULT_CONNECTION_TIMEOUT_MS);
                hc.setTransactionIsolation("TRANSACTION_READ_COMMITTED");
                hc.setPoolName("imbench-mysql-" + pools.size());
                HikariDataSource ds = new HikariDataSource(hc);
                pools.add(ds);
                try (Connection c = ds.getConnection()) {
                    MysqlSchema.migrate(c);
                }
            }
        } catch (SQLException | RuntimeException e) {
            pools.forEach(HikariDataSource::close);
            throw new IllegalStateException("cannot open MySQL shards " + urls + ": " + e.getMessage(), e);
        }
        return new MysqlShards(pools, poolSize);
    }

    /** Opens {@link #DEFAULT_URLS} as root with no password. */
    public static MysqlShards openDefault() {
        return open(DEFAULT_URLS, "root", "", DEFAULT_POOL_SIZE);
    }

    private static Map<String, String> driverDefaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("useSSL", "false");
        d.put("allowPublicKeyRetrieval", "true");
        d.put("rewriteBatchedStatements", "true");
        d.put("connectTimeout", "2000");
        d.put("socketTimeout", "10000");
        return Collections.unmodifiableMap(d);
    }

    /**
     * The URL a shard's pool connects with: {@code url}'s own settings, then every {@link #DRIVER_DEFAULTS} it does
     * not set (a shard URL can override any default, e.g. {@code ?rewriteBatchedStatements=false}).
     */
    static String withParams(String url) {
        int q = url.indexOf('?');
        Map<String, String> params = new LinkedHashMap<>();
        if (q >= 0) {
            for (String kv : url.substring(q + 1).split("&")) {
                if (!kv.isEmpty()) {
                    int eq = kv.indexOf('=');
                    params.put(eq < 0 ? kv : kv.substring(0, eq), eq < 0 ? "" : kv.substring(eq + 1));
                }
            }
        }
        DRIVER_DEFAULTS.forEach(params::putIfAbsent);
        StringBuilder out = new StringBuilder(q < 0 ? url : url.substring(0, q));
        char sep = '?';
        for (Map.Entry<String, String> en : params.entrySet()) {
            out.append(sep).append(en.getKey()).append('=').append(en.getValue());
            sep = '&';
        }
        return out.toString();
    }

    private static void createDatabase(String url, String user, String password) throws SQLException {
        Matcher m = URL.matcher(url);
        if (!m.matches()) {
            throw new IllegalArgumentException("shard URL must be jdbc:mysql://host:port/database[?params]: " + url);
        }
        String serverUrl = withParams(m.group(1) + "/" + (m.group(3) == null ? "" : m.group(3)));
        try (Connection c = DriverManager.getConnection(serverUrl, user, password);
             Statement st = c.createStatement()) {
            st.execute("CREATE DATABASE IF NOT EXISTS `" + m.group(2)
                    + "` CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        }
    }

    /** Number of shards. */
    public int count() {
        return pools.size();
    }

    /** The uid → shard mapping. */
    public ShardRouter router() {
        return router;
    }

    /** The pool of shard {@code i}. */
    public DataSource shard(int i) {
        return pools.get(Objects.checkIndex(i, pools.size()));
    }

    /** Deletes every row of the store's tables on every shard (tests). */
    public void truncateAll() {
        for (HikariDataSource ds : pools) {
            try (Connection c = ds.getConnection(); Statement st = c.createStatement()) {
                for (String t : MysqlSchema.TABLES) {
                    st.execute("TRUNCATE TABLE " + t);
                }
            } catch (SQLException e) {
                throw new IllegalStateException("truncate failed: " + e.getMessage(), e);
            }
        }
    }

    @Override
    public void close() {
        pools.forEach(HikariDataSource::close);
    }
}
