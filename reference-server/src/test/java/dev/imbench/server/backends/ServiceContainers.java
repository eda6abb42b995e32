package dev.imbench.server.backends;

import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.utility.DockerImageName;

/**
 * MariaDB and Redis in Docker containers (Testcontainers), for machines that have a Docker engine but
 * not the services: started once per test JVM on first use, removed when the JVM exits. MariaDB runs
 * with the same credentials as the local service (root, empty password, database {@code test}).
 */
public final class ServiceContainers {

    /** The MariaDB image (the version the project's machines run). */
    public static final String MARIADB_IMAGE = "mariadb:10.11";
    /** The Redis image. */
    public static final String REDIS_IMAGE = "redis:7.0-alpine";

    private static GenericContainer<?> mariadb;
    private static GenericContainer<?> redis;

    private ServiceContainers() {
    }

    /**
     * A reachable service endpoint.
     *
     * @param host host name
     * @param port TCP port
     */
    public record Endpoint(String host, int port) {
    }

    /** Whether a Docker engine answers (false, never an exception, where there is none). */
    public static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    /** MariaDB in a container (started on first call). */
    public static synchronized Endpoint mariadb() {
        if (mariadb == null) {
            GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(MARIADB_IMAGE))
                    .withEnv("MARIADB_ALLOW_EMPTY_ROOT_PASSWORD", "1")
                    .withEnv("MARIADB_DATABASE", "test")
                    .withExposedPorts(3306)
                    .waitingFor(Wait.forLogMessage(".*ready for connections.*\\n", 2));
            c.start();
            mariadb = c;
        }
        return new Endpoint(mariadb.getHost(), mariadb.getMappedPort(3306));
    }

    /** Redis in a container (started on first call). */
    public static synchronized Endpoint redis() {
        if (redis == null) {
            GenericContainer<?> c = new GenericContainer<>(DockerImageName.parse(REDIS_IMAGE))
                    .withExposedPorts(6379)
                    .waitingFor(Wait.forListeningPort());
            c.start();
            redis = c;
        }
        return new Endpoint(redis.getHost(), redis.getMappedPort(6379));
    }
}
