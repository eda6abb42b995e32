package dev.imbench.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imbench.runner.fault.ServerTopology;
import dev.imbench.scenario.FaultStep;
import dev.imbench.scenario.Scenario;
import dev.imbench.serverfault.ServerFaults;
import dev.imbench.serverfault.RestartableNode;
import dev.imbench.serverfault.ServerSide;
import dev.imbench.server.ServerBackends;
import dev.imbench.server.FanoutMode;
import dev.imbench.server.ImServer;
import dev.imbench.server.ServerConfig;
import dev.imbench.server.backends.OpenBackends;
import dev.imbench.server.cluster.ClusterConfig;
import dev.imbench.server.queue.BusinessQueue;
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
import java.util.Map;
import java.util.Optional;
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
 * @param side         the in-process server on real back ends, as server-side faults reach it (null otherwise)
 */
record GateTarget(InetSocketAddress tcp, List<InetSocketAddress> tcpGates, URI ws, LocalAddress local, TokenSource tokens, boolean persistent,
                  String description, Supplier<String> metrics, BusinessApi business, List<AutoCloseable> resources,
                  ServerSide side)
        implements ServerTopology, AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Override
    public Optional<ServerSide> serverSide() {
        return Optional.ofNullable(side);
    }

    /** Copies the gate list. */
    GateTarget {
        tcpGates = List.copyOf(tcpGates);
    }

    /**
     * Starts the reference server in this JVM on the back ends the scenario names. On real back ends
     * (or in the split topology) it runs as {@link ServerSide}: restartable nodes, with the proxies and
     * the private Redis the scenario's server-side faults need placed around them.
     */
    static GateTarget inProcess(Scenario s, String runId) throws IOException, InterruptedException {
        boolean persistent = !s.server().storage().equals("memory") || !s.server().routing().equals("memory");
        if (persistent || s.server().split()) {
            return onServerSide(s, runId);
        }
        ServerConfig config = ServerConfig.builder()
                .fanoutMode(s.server().fanout().equals("read") ? FanoutMode.READ : FanoutMode.WRITE)
                .build();
        OpenBackends backends = new OpenBackends(ServerBackends.inMemory(), List.of());
        ImServer server = ImServer.start(config, backends.backends(), Clock.systemUTC());
        String what = "in-process reference server: tcp " + server.tcpAddress() + ", ws " + server.wsUri() + ", local "
                + server.localAddress() + ", fan-out " + config.fanoutMode() + ", storage memory, routing memory";
        ServerBusinessApi business = businessOf(server);
        List<AutoCloseable> resources = new ArrayList<>();
        if (business != null) {
            resources.add(business);
        }
        resources.add(server);
        resources.add(backends);
        return new GateTarget(server.tcpAddress(), List.of(server.tcpAddress()), server.wsUri(), server.localAddress(),
                (uid, device) -> server.tokens().issue(uid, device), false, what, () -> server.metrics().scrape(),
                business, resources, null);
    }

    /** The business server of a run on one in-process node: its HTTP API and its queue (null without HTTP). */
    private static ServerBusinessApi businessOf(ImServer server) {
        return businessOf(server, () -> server.backends().queue());
    }

    /**
     * The business server of a run on a node that faults may restart: the node's HTTP port and API secret
     * stay (pinned by {@link RestartableNode}), its queue is the running node's.
     */
    private static ServerBusinessApi businessOf(RestartableNode node) {
        ImServer first = node.current().orElseThrow().server();
        return businessOf(first, () -> node.current().orElseThrow(() -> new IllegalStateException(node.id() + " is down"))
                .server().backends().queue());
    }

    private static ServerBusinessApi businessOf(ImServer server, Supplier<BusinessQueue> queue) {
        return server.httpAddress() == null ? null : new ServerBusinessApi(
                new HttpBusinessApi(URI.create("http://127.0.0.1:" + server.httpAddress().getPort()), server.apiSecret()),
                queue);
    }

    /** The server on real back ends as {@link ServerSide}: one node, or {@code gates} gates and {@code logicNodes} logic nodes. */
    private static GateTarget onServerSide(Scenario s, String runId) throws IOException, InterruptedException {
        Map<String, Object> common = new LinkedHashMap<>();
        common.put("storage", s.server().storage());
        common.put("routing", s.server().routing());
        common.put("shards", s.server().shards());
        common.put("redisNamespace", "imbench:" + runId + ":");
        common.put("fanoutMode", s.server().fanout());
        ServerSide.Placement place = ServerSide.Placement.NONE;
        for (FaultStep f : s.faults()) {
            place = place.or(ServerFaults.placement(f.action()));
        }
        ServerSide side;
        try {
            side = ServerSide.start(common, s.server().gates(), s.server().logicNodes(), place, s.seed(),
                    s.server().processes());
        } catch (RuntimeException e) {
            throw new IllegalStateException("cannot start the " + (s.server().split() ? "split topology" : "server")
                    + ": " + e.getMessage(), e);
        }
        RestartableNode firstGate = side.gates().get(0);
        InetSocketAddress tcp = side.gateAddresses().get(0);
        URI ws = firstGate.current().map(n -> n.server().wsUri()).orElseGet(() -> firstGate.port("wsPort") <= 0 ? null
                : URI.create("ws://127.0.0.1:" + firstGate.port("wsPort") + ServerConfig.builder().build().wsPath()));
        LocalAddress local = firstGate.current().map(n -> n.server().localAddress()).orElse(null);
        String what = side.describe() + ", fan-out " + s.server().fanout() + ", storage " + s.server().storage()
                + (s.server().storage().equals("mysql") ? " (" + s.server().shards() + " shards)" : "")
                + ", routing " + s.server().routing()
                + (side.split() ? " (client i first on gate i % " + side.gates().size() + ", then as /iplist says)" : "");
        ServerBusinessApi business = side.split() ? null : businessOf(side.gates().get(0));
        List<AutoCloseable> resources = new ArrayList<>();
        if (business != null) {
            resources.add(business);
        }
        resources.add(side);
        return new GateTarget(tcp, side.gateAddresses(), ws, local,
                (uid, device) -> side.tokens().issue(uid, device), true, what, side::metrics, business, resources, side);
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
        return new GateTarget(tcp, all, ws, null, new HttpSsoTokenSource(base), true, what, metrics, null, List.of(), null);
    }

    private static InetSocketAddress hostPort(String text, String iplistUrl) throws IOException {
        try {
            ClusterConfig.LinkAddress a = ClusterConfig.LinkAddress.parse("gate tcp", text);
            return new InetSocketAddress(a.host(), a.port());
        } catch (IllegalArgumentException e) {
            throw new IOException(iplistUrl + " names a gate at '" + text + "', not host:port");
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
