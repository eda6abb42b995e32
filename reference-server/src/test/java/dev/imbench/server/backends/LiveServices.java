package dev.imbench.server.backends;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Finds the local MariaDB and Redis for tests: skips (visible assumption with the reason) when a
 * service does not answer, but fails when {@code CI=true}, so CI never passes by skipping.
 * Hosts/ports come from {@code IMBENCH_MYSQL_HOST/PORT} and {@code IMBENCH_REDIS_HOST/PORT}
 * (defaults 127.0.0.1:3306 and 127.0.0.1:6379).
 */
public final class LiveServices {

    /** MySQL host. */
    public static final String MYSQL_HOST = env("IMBENCH_MYSQL_HOST", "127.0.0.1");
    /** MySQL port. */
    public static final int MYSQL_PORT = Integer.parseInt(env("IMBENCH_MYSQL_PORT", "3306"));
    /** Redis host. */
    public static final String REDIS_HOST = env("IMBENCH_REDIS_HOST", "127.0.0.1");
    /** Redis port. */
    public static final int REDIS_PORT = Integer.parseInt(env("IMBENCH_REDIS_PORT", "6379"));

    private LiveServices() {
    }

    private static String env(String name, String dflt) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? dflt : v;
    }

    /** Skips (or fails under CI) unless MySQL accepts connections. */
    public static void requireMysql() {
        require("MySQL/MariaDB", MYSQL_HOST, MYSQL_PORT);
    }

    /** Skips (or fails under CI) unless Redis accepts connections. */
    public static void requireRedis() {
        require("Redis", REDIS_HOST, REDIS_PORT);
    }

    /** JDBC URL prefix of the test shards ({@code <prefix>0 … <prefix>3}). */
    public static String mysqlTestPrefix(String schema) {
        return "jdbc:mysql://" + MYSQL_HOST + ":" + MYSQL_PORT + "/" + schema;
    }

    private static void require(String what, String host, int port) {
        String problem = null;
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1_000);
        } catch (IOException e) {
            problem = what + " not reachable at " + host + ":" + port + " (" + e.getMessage() + ")";
        }
        if (problem != null && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(problem + "; CI=true, so this is a failure, not a skip");
        }
        assumeTrue(problem == null, () -> "skipped: " + problemOr(what, host, port));
    }

    /** Skips with {@code problem} (or fails under {@code CI=true}) unless {@code problem} is null. */
    public static void require(String problem) {
        if (problem != null && "true".equalsIgnoreCase(System.getenv("CI"))) {
            fail(problem + "; CI=true, so this is a failure, not a skip");
        }
        assumeTrue(problem == null, () -> "skipped: " + problem);
    }

    private static String problemOr(String what, String host, int port) {
        return what + " not reachable at " + host + ":" + port;
    }
}
