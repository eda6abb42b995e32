package dev.imbench.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imbench.scenario.Scenario;
import dev.imbench.server.Backends;
import dev.imbench.server.FanoutMode;
import dev.imbench.server.ImServer;
import dev.imbench.server.ServerConfig;
import dev.imbench.server.backends.BackendConfig;
import dev.imbench.server.backends.OpenBackends;
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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The gate a run's clients reach: the in-process reference server (default),
 * or external gates found through an iplist URL.
 *
 * @param tcp          the gate's TCP address
 * @param ws           the gate's WebSocket URI (null when it has none)
 * @param local        the in-JVM address (null for external gates)
 * @param tokens       where clients get SSO tokens
 * @param persistent   whether state outlives the run (then uids get a per-run prefix)
 * @param description  one line for the event log
 * @param metrics      the server's Prometheus text at the end ("" when unknown)
 * @param resources    what {@link #close()} releases, in order
 */
record GateTarget(InetSocketAddress tcp, URI ws, LocalAddress local, TokenSource tokens, boolean persistent,
                  String description, Supplier<String> metrics, List<AutoCloseable> resources) implements AutoCloseable {

    /**
     * Logic threads when the back ends block (MySQL, Redis). Each blocks for a whole group-commit round
     * per store call, so this bounds the calls that can share one MySQL transaction: 8 capped c2c at
     * about 900/s (bench/backends.sh, 2026-11-28).
     */
    static final int LOGIC_THREADS_FOR_BLOCKING_BACK_ENDS = 256;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Starts the reference server in this JVM on the back ends the scenario names. */
    static GateTarget inProcess(Scenario s, String runId) {
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
            backends = OpenBackends.open(BackendConfig.fromMap(section), config.gateId(), Clock.systemUTC());
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
        return new GateTarget(server.tcpAddress(), server.wsUri(), server.localAddress(),
                (uid, device) -> server.tokens().issue(uid, device), persistent, what, () -> server.metrics().scrape(),
                List.of(server, backends));
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
        String[] hp = gate.get("tcp").asText().split(":");
        InetSocketAddress tcp = new InetSocketAddress(hp[0], Integer.parseInt(hp[1]));
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
        return new GateTarget(tcp, ws, null, new HttpSsoTokenSource(base), true,
                "external gate " + gate.path("id").asText("?") + " from " + iplistUrl + ": tcp " + tcp + ", ws " + ws,
                metrics, List.of());
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
