package dev.imbench.serverfault;

import dev.imbench.server.backends.RedisProcess;

import dev.imbench.chaos.proxy.HostPort;
import dev.imbench.server.ServerConfig;
import dev.imbench.server.auth.HmacTokenService;
import dev.imbench.server.auth.TokenIssuer;
import dev.imbench.server.backends.BackendConfig;
import dev.imbench.server.cluster.ClusterConfig;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.stream.Stream;

/**
 * The in-process reference server on real back ends, set up so faults can reach it: one node
 * ({@code role: all}) or the split topology of gates and logic nodes, each a {@link RestartableNode};
 * and, as the scenario's faults need them, a {@link BackendPaths proxy} in front of MariaDB and Redis,
 * a {@link RedisProcess} instead of the shared Redis, and {@link LinkPaths proxies} on every
 * gate-logic link.
 */
public final class ServerSide implements AutoCloseable {

    /**
     * What to place around the server.
     *
     * @param mysqlPath    a proxy in front of MariaDB
     * @param redisPath    a proxy in front of Redis
     * @param privateRedis a private redis-server instead of the shared one
     * @param linkPaths    a proxy on every gate-logic link
     */
    public record Placement(boolean mysqlPath, boolean redisPath, boolean privateRedis, boolean linkPaths) {
        /** Nothing around the server. */
        public static final Placement NONE = new Placement(false, false, false, false);

        /** Both placements' parts. */
        public Placement or(Placement o) {
            return new Placement(mysqlPath || o.mysqlPath, redisPath || o.redisPath, privateRedis || o.privateRedis,
                    linkPaths || o.linkPaths);
        }
    }

    private final List<RestartableNode> gates;
    private final List<RestartableNode> logicNodes;
    private final BackendPaths backendPaths;
    private final RedisProcess privateRedis;
    private final LinkPaths links;
    private final TokenIssuer tokens;
    private final String description;

    private ServerSide(List<RestartableNode> gates, List<RestartableNode> logicNodes, BackendPaths backendPaths,
                       RedisProcess privateRedis, LinkPaths links, TokenIssuer tokens, String description) {
        this.gates = List.copyOf(gates);
        this.logicNodes = List.copyOf(logicNodes);
        this.backendPaths = backendPaths;
        this.privateRedis = privateRedis;
        this.links = links;
        this.tokens = tokens;
        this.description = description;
    }

    /**
     * Starts it.
     *
     * @param common     the settings every node gets (back ends, namespace, fan-out, …)
     * @param gateCount  gates (with {@code logicCount == 0}: one node doing both)
     * @param logicCount logic nodes; 0 = one {@code role: all} node
     * @param place      what to put around it
     * @param seed       the run's seed (proxies' toxics draw from it)
     * @param processes  whether gates and logic nodes run as processes of their own (the split topology only)
     * @throws IllegalStateException when something cannot start; what started is stopped again
     */
    public static ServerSide start(Map<String, Object> common, int gateCount, int logicCount, Placement place, long seed,
                                   boolean processes) throws IOException, InterruptedException {
        if (processes && logicCount == 0) {
            throw new IllegalArgumentException("nodes run as processes in the split topology only (logicNodes >= 1)");
        }
        List<AutoCloseable> started = new ArrayList<>();
        List<RestartableNode> gates = new ArrayList<>();
        List<RestartableNode> logic = new ArrayList<>();
        try {
            Map<String, Object> base = new LinkedHashMap<>(common);
            RedisProcess redis = null;
            if (place.privateRedis()) {
                redis = RedisProcess.start();
                started.add(redis);
                base.put("redisUrl", redis.url());
            }
            BackendPaths paths = null;
            if (place.mysqlPath() || place.redisPath()) {
                Object redisUrl = base.getOrDefault("redisUrl", "redis://127.0.0.1:6379");
                paths = BackendPaths.start(place.mysqlPath(), place.redisPath() ? URI.create(redisUrl.toString()) : null, seed);
                started.add(paths);
                base.putAll(paths.settings(Integer.parseInt(String.valueOf(base.getOrDefault("shards", 4)))));
            }
            LinkPaths links = null;
            if (logicCount == 0) {
                gates.add(RestartableNode.start(base));
            } else {
                if (place.linkPaths()) {
                    links = new LinkPaths(seed);
                    started.add(links);
                }
                List<HostPort> linkAddresses = new ArrayList<>();
                for (int i = 1; i <= logicCount; i++) {
                    Map<String, Object> m = new LinkedHashMap<>(base);
                    m.put("role", "logic");
                    m.put("gateId", "logic-" + i);
                    m.put("linkPort", 0);
                    m.put("httpPort", 0);
                    RestartableNode n = processes ? RestartableNode.startProcess(m) : RestartableNode.start(m);
                    logic.add(n);
                    linkAddresses.add(new HostPort("127.0.0.1", n.port("linkPort")));
                }
                for (int i = 1; i <= gateCount; i++) {
                    String id = "gate-" + i;
                    Map<String, Object> m = new LinkedHashMap<>(base);
                    m.put("role", "gate");
                    m.put("gateId", id);
                    m.put("httpPort", 0);
                    m.put("logicNodes", links != null ? links.logicNodesFor(id, linkAddresses)
                            : String.join(",", linkAddresses.stream().map(a -> a.host() + ":" + a.port()).toList()));
                    gates.add(processes ? RestartableNode.startProcess(m) : RestartableNode.start(m));
                }
                for (RestartableNode g : gates) {
                    if (!g.awaitLinked(RestartableNode.LINK_TIMEOUT)) {
                        throw new IllegalStateException(g.id() + " did not link every logic node within "
                                + RestartableNode.LINK_TIMEOUT.toSeconds() + " s");
                    }
                }
            }
            String what = (logicCount == 0 ? "in-process reference server: tcp 127.0.0.1:" + gates.get(0).port("tcpPort")
                    : (processes ? "split topology as processes (pids " + pids(gates, logic) + ")"
                    : "in-process split topology") + ": " + gateCount + " gates " + gates + ", " + logicCount + " logic nodes")
                    + (paths == null ? "" : "; " + paths.describe())
                    + (redis == null ? "" : "; private redis-server at " + redis.url())
                    + (links == null ? "" : "; every gate-logic link through a proxy");
            return new ServerSide(gates, logic, paths, redis, links, tokenIssuer(base), what);
        } catch (RuntimeException | IOException | InterruptedException e) {
            gates.forEach(RestartableNode::close);
            logic.forEach(RestartableNode::close);
            for (AutoCloseable c : started.reversed()) {
                try {
                    c.close();
                } catch (Exception ignored) {
                    // best effort while failing to start
                }
            }
            throw e;
        }
    }

    /** Issues tokens as every node verifies them: the nodes share the token secret and lifetime of these settings. */
    private static TokenIssuer tokenIssuer(Map<String, Object> settings) {
        ServerConfig c = ServerConfig.fromMap(BackendConfig.serverKeys(ClusterConfig.serverKeys(settings)));
        return new HmacTokenService(c.tokenSecret(), c.tokenTtl(), Clock.systemUTC());
    }

    private static String pids(List<RestartableNode> gates, List<RestartableNode> logic) {
        return String.join(", ", Stream.concat(gates.stream(), logic.stream()).map(n -> n.id() + " " + n.pid().orElse(-1)).toList());
    }

    /** The gates (one node doing both roles outside the split topology). */
    public List<RestartableNode> gates() {
        return gates;
    }

    /** The logic nodes (empty outside the split topology). */
    public List<RestartableNode> logicNodes() {
        return logicNodes;
    }

    /** Whether gates and logic run as separate nodes. */
    public boolean split() {
        return !logicNodes.isEmpty();
    }

    /** The node with this id. */
    public Optional<RestartableNode> node(String id) {
        return Stream.concat(gates.stream(), logicNodes.stream()).filter(n -> n.id().equals(id)).findFirst();
    }

    /** The proxy in front of MariaDB, if placed. */
    public Optional<FaultedPath> mysqlPath() {
        return backendPaths == null ? Optional.empty() : backendPaths.mysql();
    }

    /** The proxy in front of Redis, if placed. */
    public Optional<FaultedPath> redisPath() {
        return backendPaths == null ? Optional.empty() : backendPaths.redis();
    }

    /** The private redis-server, if started. */
    public Optional<RedisProcess> privateRedis() {
        return Optional.ofNullable(privateRedis);
    }

    /** The gate-logic link proxies, if placed. */
    public Optional<LinkPaths> links() {
        return Optional.ofNullable(links);
    }

    /** Issues SSO tokens every node accepts (they share the token secret). */
    public TokenIssuer tokens() {
        return tokens;
    }

    /** Every gate's TCP address (pinned: the same after a restart). */
    public List<InetSocketAddress> gateAddresses() {
        List<InetSocketAddress> out = new ArrayList<>();
        for (RestartableNode g : gates) {
            out.add(new InetSocketAddress("127.0.0.1", Integer.parseInt(String.valueOf(g.setting("tcpPort")))));
        }
        return out;
    }

    /**
     * Where client {@code i} connects: outside the split topology the one gate; in it, through
     * {@code /iplist} of the live nodes ({@link GateDirectory}), so clients of a dead gate move to a live one.
     */
    public IntFunction<InetSocketAddress> clientRoute(int clients) {
        List<InetSocketAddress> all = gateAddresses();
        if (!split()) {
            return i -> all.get(0);
        }
        return new GateDirectory(() -> {
            List<URI> urls = new ArrayList<>();
            for (RestartableNode n : Stream.concat(logicNodes.stream(), gates.stream()).toList()) {
                if (n.alive() && n.port("httpPort") > 0) {
                    urls.add(URI.create("http://127.0.0.1:" + n.port("httpPort") + "/iplist"));
                }
            }
            return urls;
        }, all, clients);
    }

    /** The Prometheus text of every live node, each under a comment naming it. */
    public String metrics() {
        StringBuilder b = new StringBuilder();
        for (RestartableNode n : Stream.concat(gates.stream(), logicNodes.stream()).toList()) {
            if (n.alive()) {
                b.append("# imbench node ").append(n.id()).append(" (").append(n.role().name().toLowerCase(Locale.ROOT))
                        .append(")\n").append(n.metrics());
            }
        }
        return b.toString();
    }

    /** One line for the event log. */
    public String describe() {
        return description;
    }

    /** Stops gates, then logic nodes, then the proxies and the private Redis. */
    @Override
    public void close() {
        gates.forEach(RestartableNode::close);
        logicNodes.forEach(RestartableNode::close);
        if (links != null) {
            links.close();
        }
        if (backendPaths != null) {
            backendPaths.close();
        }
        if (privateRedis != null) {
            privateRedis.close();
        }
    }
}
