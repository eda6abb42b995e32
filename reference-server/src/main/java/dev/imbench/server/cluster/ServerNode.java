package dev.imbench.server.cluster;

import dev.imbench.server.ImServer;
import dev.imbench.server.ServerConfig;
import dev.imbench.server.backends.BackendConfig;
import dev.imbench.server.backends.OpenBackends;
import dev.imbench.server.backends.RoutingKind;
import dev.imbench.server.backends.StorageKind;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;

/**
 * One server process started from a single settings map (what {@code imbench server} reads from
 * YAML and {@code --set}): the server keys of {@link ServerConfig}, the back-end keys of
 * {@link BackendConfig} and the topology keys of {@link ClusterConfig}. Closing it stops the server,
 * then releases the back ends.
 *
 * @param server   the running server
 * @param backends the back ends it runs on
 */
public record ServerNode(ImServer server, OpenBackends backends) implements AutoCloseable {

    /**
     * Validates every key, opens the back ends and starts the server.
     *
     * @throws IllegalArgumentException for a bad or inconsistent setting, naming it
     * @throws IllegalStateException    if a back end cannot be reached or a port cannot be bound
     */
    public static ServerNode start(Map<String, ?> settings) {
        ClusterConfig cluster = ClusterConfig.fromMap(settings);
        BackendConfig backendConfig = BackendConfig.fromMap(settings);
        ServerConfig config = ServerConfig.fromMap(BackendConfig.serverKeys(ClusterConfig.serverKeys(settings)));
        if (cluster.role() != Role.ALL) {
            String role = cluster.role().name().toLowerCase(Locale.ROOT);
            if (backendConfig.routing() != RoutingKind.REDIS || backendConfig.storage() != StorageKind.MYSQL) {
                throw new IllegalArgumentException("role " + role + " needs routing: redis and storage: mysql "
                        + "(every gate and logic node must share routes and messages)");
            }
            if (settings.get("gateId") == null) {
                throw new IllegalArgumentException("role " + role + " needs its own gateId (e.g. --set gateId=" + role + "-1)");
            }
        }
        OpenBackends backends = OpenBackends.open(backendConfig, config.gateId(), Clock.systemUTC());
        try {
            return new ServerNode(ImServer.start(config, backends.backends(), Clock.systemUTC(), cluster), backends);
        } catch (RuntimeException e) {
            backends.close();
            throw e;
        }
    }

    /** Stops the server (sessions closed, acks flushed), then closes pools and clients. */
    @Override
    public void close() {
        try {
            server.close();
        } finally {
            backends.close();
        }
    }
}
