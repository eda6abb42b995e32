package dev.imbench.server.cluster;

import dev.imbench.server.FanoutMode;
import dev.imbench.server.ImServer;
import dev.imbench.server.ServerConfig;
import dev.imbench.server.backends.BackendConfig;
import dev.imbench.server.backends.OpenBackends;
import dev.imbench.server.backends.RoutingKind;
import dev.imbench.server.backends.StorageKind;
import dev.imbench.server.route.redis.RedisPresence;
import java.time.Clock;
import java.util.Locale;
import java.util.Map;

/**
 * One server process started from a single settings map (what {@code imbench server} reads from
 * YAML and {@code --set}): the server keys of {@link ServerConfig}, the back-end keys of
 * {@link BackendConfig} and the topology keys of {@link ClusterConfig}. On blocking back ends (MySQL,
 * Redis) the logic runs on {@link #LOGIC_THREADS_FOR_BLOCKING_BACK_ENDS} threads unless
 * {@code logicThreads} is set. Closing it stops the server, then releases the back ends.
 *
 * @param server   the running server
 * @param backends the back ends it runs on
 */
public record ServerNode(ImServer server, OpenBackends backends) implements AutoCloseable {

    /**
     * Logic threads when the back ends block (MySQL, Redis) and the settings name none. Each thread
     * blocks for a whole group-commit round per store call, so this bounds the calls that can share one
     * MySQL transaction: 8 capped c2c at about 900/s (bench/backends.sh, 2026-11-28).
     */
    public static final int LOGIC_THREADS_FOR_BLOCKING_BACK_ENDS = 256;

    /**
     * Validates every key, opens the back ends and starts the server.
     *
     * @throws IllegalArgumentException for a bad or inconsistent setting, naming it
     * @throws IllegalStateException    if a back end cannot be reached or a port cannot be bound
     */
    public static ServerNode start(Map<String, ?> settings) {
        ClusterConfig cluster = ClusterConfig.fromMap(settings);
        BackendConfig backendConfig = BackendConfig.fromMap(settings);
        Map<String, Object> serverKeys = BackendConfig.serverKeys(ClusterConfig.serverKeys(settings));
        boolean blocking = backendConfig.storage() != StorageKind.MEMORY || backendConfig.routing() != RoutingKind.MEMORY;
        if (blocking && !serverKeys.containsKey("logicThreads")) {
            serverKeys.put("logicThreads", LOGIC_THREADS_FOR_BLOCKING_BACK_ENDS); // never block the gate's event loops
        }
        ServerConfig config = ServerConfig.fromMap(serverKeys);
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
        if (cluster.role() != Role.ALL && config.fanoutMode() == FanoutMode.READ) {
            throw new IllegalArgumentException("fanoutMode READ on storage: mysql needs one process holding the msgid "
                    + "sequence (role all); role " + cluster.role().name().toLowerCase(Locale.ROOT)
                    + " would give each logic process its own: use fanoutMode: WRITE");
        }
        OpenBackends backends = OpenBackends.open(backendConfig, config.fanoutMode(), config.gateId(), Clock.systemUTC());
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

    /**
     * Dies as a SIGKILLed process would, as far as one JVM can model it ({@link ImServer#halt()}): the
     * gate heartbeat stops first, so its routes and iplist entry are left in Redis to expire within
     * {@code presenceTtl}; then pools and clients are dropped.
     */
    public void halt() {
        if (backends.backends().presence() instanceof RedisPresence p) {
            p.halt();
        }
        try {
            server.halt();
        } finally {
            backends.close();
        }
    }
}
