package dev.imbench.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imbench.runner.fault.ServerTopology;
import dev.imbench.scenario.Scenario;
import dev.imbench.server.Backends;
import dev.imbench.server.FanoutMode;
import dev.imbench.server.ImServer;
import dev.imbench.server.ServerConfig;
import dev.imbench.server.backends.BackendConfig;
import dev.imbench.server.backends.OpenBackends;
import dev.imbench.server.cluster.ClusterConfig;
import dev.imbench.server.cluster.ServerNode;
import dev.imbench.sim.business.BusinessApi;
import dev.imbench.sim.business.HttpBusinessApi;
import dev.imbench.sim.client.HttpSsoTokenSource;
import dev.imbench.sim.client.TokenSource;
import io.netty.channel.local.LocalAddress;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The gates a run's clients reach: the in-process reference server (default), the
 * in-process split topology (gates and logic nodes joined by the internal link), or
 * external gates found through an iplist URL.
 *
 * @param tcp          the (first) gate's TCP address
 * @param tcpGates     every gate's TCP address; client i connects to {@code tcpGates[i % size]}
 * @param ws           the gate's WebSocket URI (null when it has none)
 * @param local        the in-JVM address (null for external gates)
 * @param tokens       where clients get SSO tokens
 * @param persistent   whether state outlives the run (then uids get a per-run prefix)
 * @param description  one line for the event log
 * @param metrics      the server's Prometheus text at the end ("" when unknown)
 * @param business     the business server's side of the run (s2c pushes, the c2s consumer), null when this
 *                     build cannot play it against these gates
 * @param resources    what {@link #close()} releases, in order
 */
record GateTarget(InetSocketAddress tcp, List<InetSocketAddress> tcpGates, URI ws, LocalAddress local, TokenSource tokens, boolean persistent,
                  String description, Supplier<String> metrics, BusinessApi business, List<AutoCloseable> resources)
        implements ServerTopology, AutoCloseable {

    /** Logic threads when the back ends block (MySQL, Redis): see {@link ServerNode}. */
    static final int LOGIC_THREADS_FOR_BLOCKING_BACK_ENDS = ServerNode.LOGIC_THREADS_FOR_BLOCKING_BACK_ENDS;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Copies the gate list. */
    GateTarget {
        tcpGates = List.copyOf(tcpGates);
    }

    /** Starts the reference server in this JVM on the back ends the scenario names. */
    static GateTarget inProcess(Scenario s, String runId) {
        if (s.server().split()) {
            return split(s, runId);
        }
        boolean persistent = !s.server().storage().equals("memory") || !s.server().routing().equals("memory");
        ServerConfig config = ServerConfig.builder()
                .fanoutMode(s.server().fanout().equals("read") ? FanoutMode.READ : FanoutMode.WRITE)
                // Blocking back ends (JDBC, Redis) must not run on the gate's event loops.
                .logicThreads(persistent ? LOGIC_THREADS_FOR_BLOCKING_BACK_ENDS : 0)
                .build();
        OpenBackends backends;
        if (persistent) {
            Map<String, Object> section = new LinkedHashMap<>();
            section.put("storage", s.server().storage());
            section.put("routing", s.server().routing());
            section.put("shards", s.server().shards());
            section.put("redisNamespace", "imbench:" + runId + ":");
            backends = OpenBackends.open(BackendConfig.fromMap(section), config.fanoutMode(), config.gateId(),
                    Clock.systemUTC());
        } else {
            backends = new OpenBackends(Backends.inMemory(), List.of());
        }
        ImServer server;
        try {
            server = ImServer.start(config, backends.backends(), Clock.systemUTC());
        } catch (RuntimeException e) {
            backends.close();
            throw e;
        }
        String what = "in-process reference server: tcp " + server.tcpAddress() + ", ws " + server.wsUri() + ", local "
                + server.localAddress() + ", fan-out " + config.fanoutMode() + ", storage " + s.server().storage()
                + (s.server().storage().equals("mysql") ? " (" + s.server().shards() + " shards)" : "")
                + ", routing " + s.server().routing();
        ServerBusinessApi business = server.httpAddress() == null ? null : new ServerBusinessApi(
                new HttpBusinessApi(URI.create("http://127.0.0.1:" + server.httpAddress().getPort()), server.apiSecret()),
                server.backends().queue());
        List<AutoCloseable> resources = new ArrayList<>();
        if (business != null) {
            resources.add(business);
        }
        resources.add(server);
        resources.add(backends);
        return new GateTarget(server.tcpAddress(), List.of(server.tcpAddress()), server.wsUri(), server.localAddress(),
                (uid, device) -> server.tokens().issue(uid, device), persistent, what, () -> server.metrics().scrape(),
                business, resources);
    }

    /**
     * Attaches to external gates: the first gate of the iplist answer, SSO and
     * metrics at the same HTTP address.
     *
     * @throws IOException when the iplist cannot be read or names no gate
     */
    static GateTarget external(String iplistUrl) throws IOException, InterruptedException {
        URI iplist = URI.create(iplistUrl);
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(iplist).timeout(Duration.ofSeconds(10)).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException("cannot read the gate list at " + iplistUrl + " (" + e.getClass().getSimpleName()
                    + "): is the server running?", e);
        }
        if (r.statusCode() != 200) {
            throw new IOException(iplistUrl + " answered " + r.statusCode() + ", not a gate list");
        }
        JsonNode gates = JSON.readTree(r.body()).path("gates");
        if (!gates.isArray() || gates.isEmpty() || !gates.get(0).hasNonNull("tcp")) {
            throw new IOException(iplistUrl + " lists no gate with a tcp address: " + r.body());
        }
        JsonNode gate = gates.get(0);
        InetSocketAddress tcp = hostPort(gate.get("tcp").asText(), iplistUrl);
        URI ws = gate.hasNonNull("ws") ? URI.create(gate.get("ws").asText()) : null;
        URI base = URI.create(iplist.getScheme() + "://" + iplist.getRawAuthority());
        Supplier<String> metrics = () -> {
            try {
                HttpResponse<String> m = http.send(HttpRequest.newBuilder(base.resolve("/admin/metrics"))
                        .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
                return m.statusCode() == 200 ? m.body() : "";
            } catch (IOException | InterruptedException e) {
                return "";
            }
        };
        List<InetSocketAddress> all = new ArrayList<>();
        List<String> ids = new ArrayList<>();
        for (JsonNode g : gates) {
            if (g.hasNonNull("tcp")) {
                all.add(hostPort(g.get("tcp").asText(), iplistUrl));
                ids.add(g.path("id").asText("?"));
            }
        }
        String what = all.size() == 1
                ? "external gate " + gate.path("id").asText("?") + " from " + iplistUrl + ": tcp " + tcp + ", ws " + ws
                : "external gates " + ids + " from " + iplistUrl + ": tcp " + all + " (client i on gate i % " + all.size()
                        + "), ws " + ws + " (first gate)";
        return new GateTarget(tcp, all, ws, null, new HttpSsoTokenSource(base), true, what, metrics, null, List.of());
    }

    private static InetSocketAddress hostPort(String text, String iplistUrl) throws IOException {
        try {
            ClusterConfig.LinkAddress a = ClusterConfig.LinkAddress.parse("gate tcp", text);
            return new InetSocketAddress(a.host(), a.port());
        } catch (IllegalArgumentException e) {
            throw new IOException(iplistUrl + " names a gate at '" + text + "', not host:port");
        }
    }

    /** How long the in-process split topology may take to link every gate to every logic node. */
    static final Duration LINK_TIMEOUT = Duration.ofSeconds(15);

    /**
     * Starts the split topology in this JVM: {@code logicNodes} logic nodes, then {@code gates} gates
     * dialling all of them, each a {@link ServerNode} with its own pools and Redis client (as separate
     * processes would have), on the run's MySQL shards and Redis namespace.
     */
    private static GateTarget split(Scenario s, String runId) {
        Map<String, Object> common = new LinkedHashMap<>();
        common.put("storage", s.server().storage());
        common.put("routing", s.server().routing());
        common.put("shards", s.server().shards());
        common.put("redisNamespace", "imbench:" + runId + ":");
        common.put("fanoutMode", s.server().fanout());
        common.put("httpPort", -1);
        List<ServerNode> logic = new ArrayList<>();
        List<ServerNode> gates = new ArrayList<>();
        try {
            List<String> links = new ArrayList<>();
            for (int i = 1; i <= s.server().logicNodes(); i++) {
                Map<String, Object> m = new LinkedHashMap<>(common);
                m.put("role", "logic");
                m.put("gateId", "logic-" + i);
                m.put("linkPort", 0);
                ServerNode n = ServerNode.start(m);
                logic.add(n);
                links.add("127.0.0.1:" + n.server().linkAddress().getPort());
            }
            for (int i = 1; i <= s.server().gates(); i++) {
                Map<String, Object> m = new LinkedHashMap<>(common);
                m.put("role", "gate");
                m.put("gateId", "gate-" + i);
                m.put("logicNodes", String.join(",", links));
                gates.add(ServerNode.start(m));
            }
            awaitLinked(gates);
        } catch (RuntimeException | InterruptedException e) {
            closeAll(gates);
            closeAll(logic);
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            throw new IllegalStateException("cannot start the split topology: " + e.getMessage(), e);
        }
        ImServer first = gates.get(0).server();
        List<InetSocketAddress> tcp = gates.stream().map(n -> n.server().tcpAddress()).toList();
        String what = "in-process split topology: " + gates.size() + " gates (tcp " + tcp + ", client i on gate i % "
                + gates.size() + "), " + logic.size() + " logic nodes, fan-out " + s.server().fanout() + ", storage mysql ("
                + s.server().shards() + " shards), routing redis";
        List<ServerNode> all = new ArrayList<>(gates); // gates close first: their sessions' routes go through the logic
        all.addAll(logic);
        Supplier<String> metrics = () -> {
            StringBuilder b = new StringBuilder();
            for (ServerNode n : all) {
                b.append("# imbench node ").append(n.server().config().gateId()).append(" (")
                        .append(n.server().cluster().role().name().toLowerCase(Locale.ROOT)).append(")\n")
                        .append(n.server().metrics().scrape());
            }
            return b.toString();
        };
        return new GateTarget(first.tcpAddress(), tcp, first.wsUri(), first.localAddress(),
                (uid, device) -> first.tokens().issue(uid, device), true, what, metrics, null, List.copyOf(all));
    }

    /** Waits until every gate linked every logic node (its HELLO precedes any client frame on a link). */
    private static void awaitLinked(List<ServerNode> gates) throws InterruptedException {
        long deadline = System.nanoTime() + LINK_TIMEOUT.toNanos();
        for (ServerNode g : gates) {
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (!g.server().awaitLinkedToLogic(left)) {
                throw new IllegalStateException(g.server().config().gateId() + " did not link every logic node within "
                        + LINK_TIMEOUT.toSeconds() + " s");
            }
        }
    }

    private static void closeAll(List<ServerNode> nodes) {
        for (ServerNode n : nodes) {
            try {
                n.close();
            } catch (RuntimeException e) {
                // best effort while failing to start
            }
        }
    }

    @Override
    public void close() {
        RuntimeException failed = null;
        for (AutoCloseable c : resources) {
            try {
                c.close();
            } catch (Exception e) {
                if (failed == null) {
                    failed = new IllegalStateException("closing " + c + ": " + e.getMessage(), e);
                }
            }
        }
        if (failed != null) {
            throw failed;
        }
    }
}
