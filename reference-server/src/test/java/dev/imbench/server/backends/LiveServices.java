package dev.imbench.server.backends;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * Finds MariaDB and Redis for tests. The configured endpoints ({@code IMBENCH_MYSQL_HOST/PORT},
 * {@code IMBENCH_REDIS_HOST/PORT}, defaults 127.0.0.1:3306 and 127.0.0.1:6379) are used when they
 * answer; where one does not and a Docker engine is available, Testcontainers starts it instead
 * ({@link ServiceContainers}; {@code IMBENCH_TESTCONTAINERS=false} turns that off). Where neither is
 * available, tests skip (a visible assumption with the reason) but fail when {@code CI=true}, so CI
 * never passes by skipping.
 */
public final class LiveServices {

    private static final ServiceContainers.Endpoint MYSQL =
            resolve("IMBENCH_MYSQL_HOST", "IMBENCH_MYSQL_PORT", 3306, true);
    private static final ServiceContainers.Endpoint REDIS =
            resolve("IMBENCH_REDIS_HOST", "IMBENCH_REDIS_PORT", 6379, false);

    /** MySQL host. */
    public static final String MYSQL_HOST = MYSQL.host();
    /** MySQL port. */
    public static final int MYSQL_PORT = MYSQL.port();
    /** Redis host. */
    public static final String REDIS_HOST = REDIS.host();
    /** Redis port. */
    public static final int REDIS_PORT = REDIS.port();

    private LiveServices() {
    }

    private static ServiceContainers.Endpoint resolve(String hostVar, String portVar, int defaultPort, boolean mysql) {
        ServiceContainers.Endpoint configured = new ServiceContainers.Endpoint(env(hostVar, "127.0.0.1"),
                Integer.parseInt(env(portVar, Integer.toString(defaultPort))));
        if (reachable(configured.host(), configured.port()) || "false".equalsIgnoreCase(System.getenv("IMBENCH_TESTCONTAINERS"))
                || !ServiceContainers.dockerAvailable()) {
            return configured;
        }
        try {
            return mysql ? ServiceContainers.mariadb() : ServiceContainers.redis();
        } catch (RuntimeException e) {
            return configured; // the container did not come up: tests skip (or fail under CI) naming the configured endpoint
        }
    }

    private static boolean reachable(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 1_000);
            return true;
        } catch (IOException e) {
            return false;
        }
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
