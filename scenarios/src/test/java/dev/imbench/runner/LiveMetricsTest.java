package dev.imbench.runner;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imbench.reports.PromText;
import dev.imbench.scenario.Overrides;
import dev.imbench.scenario.Scenario;
import dev.imbench.scenario.ScenarioLoader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code imbench run --metrics-port}: the simulator's counters and percentiles scraped while the run goes. */
class LiveMetricsTest {

    @TempDir
    Path out;

    /** A metric name in a PromQL expression: the simulator's, the server's, or the simulator JVM's. */
    private static final Pattern METRIC_NAME = Pattern.compile("\\b(imbench|jvm|process|system)_[a-z0-9_]+\\b");

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private static Scenario scenario(String seconds) {
        return new ScenarioLoader(SimulationWorkload.knownProfiles()).parse("live.yaml", """
                name: live
                population: {clients: 20, rampPerSec: 1000}
                phases: [{name: steady, duration: %s, rates: {c2c: 40}}]
                generator: {minAchieved: 0.5, maxLag: 5s}
                drainTimeout: 20s
                """.formatted(seconds), Overrides.none());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The value of the one sample named {@code name} with these labels, or -1 when absent. */
    private static double value(String text, String name, Map<String, String> labels) {
        PromText.Parsed p = PromText.parse(text, "live");
        assertEquals(List.of(), p.problems(), "every line is Prometheus text");
        return p.samples().stream().filter(s -> s.name().equals(name) && s.labels().entrySet()
                .containsAll(labels.entrySet())).mapToDouble(PromText.Sample::value).findFirst().orElse(-1);
    }

    private CompletableFuture<RunOutcome> start(int port, String seconds) {
        RunOptions o = new RunOptions(out, "./imbench run live.yaml", false, null, 0.2, false, List.of())
                .withMetricsPort(port);
        return CompletableFuture.supplyAsync(() -> new ScenarioRunner(new SimulationWorkload(), p -> { },
                new PrintStream(new ByteArrayOutputStream())).run(scenario(seconds), o));
    }

    /** Scrapes /metrics until the c2c acks counted moved past a first nonzero count and ack latency is shown. */
    private String scrapeOnceCountsMove(int port) {
        Map<String, String> c2c = Map.of("kind", "c2c");
        double[] first = new double[1];
        await().atMost(Duration.ofSeconds(60)).ignoreExceptions().until(() -> {
            HttpResponse<String> r = get(port, "/metrics");
            first[0] = r.statusCode() == 200 ? value(r.body(), "imbench_sim_acked_total", c2c) : -1;
            return first[0] > 0;
        });
        String[] later = new String[1];
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            later[0] = get(port, "/metrics").body();
            return value(later[0], "imbench_sim_acked_total", c2c) > first[0]
                    && value(later[0], "imbench_sim_latency_samples_total", Map.of("metric", "ack")) > 0;
        });
        return later[0];
    }

    @Test
    void shouldServeCountsThatMoveAndPercentilesWhileTheRunGoes() throws Exception {
        int port = freePort();
        CompletableFuture<RunOutcome> run = start(port, "8s");
        scrapeOnceCountsMove(port);
        assertFalse(run.isDone(), "scraped while the run goes");
        HttpResponse<String> r = get(port, "/metrics");
        assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/plain; version=0.0.4"));
        assertTrue(value(r.body(), "imbench_sim_online", Map.of()) >= 1, "clients online");
        double p50 = value(r.body(), "imbench_sim_latency_seconds", Map.of("metric", "ack", "percentile", "50"));
        double p99 = value(r.body(), "imbench_sim_latency_seconds", Map.of("metric", "ack", "percentile", "99"));
        assertTrue(p50 > 0 && p99 >= p50, "ack p50 " + p50 + " s, p99 " + p99 + " s");
        assertTrue(value(r.body(), "jvm_memory_used_bytes", Map.of("area", "heap")) > 0, "the simulator's JVM");
        HttpResponse<String> server = get(port, "/admin/metrics");
        assertEquals(200, server.statusCode());
        assertTrue(value(server.body(), "imbench_sessions", Map.of()) >= 1, "the in-process server's meters");
        assertEquals(404, get(port, "/other").statusCode());

        RunOutcome outcome = run.get(120, TimeUnit.SECONDS);
        assertEquals(0, outcome.exitCode(), outcome.message());
        assertThrows(IOException.class, () -> get(port, "/metrics"), "the endpoint ends with the run");
    }

    @Test
    void shouldExportEveryMetricTheGrafanaDashboardQueries() throws Exception {
        Path file = Path.of("").toAbsolutePath().getParent().resolve("docker/grafana/imbench-dashboard.json");
        JsonNode dashboard = new ObjectMapper().readTree(file.toFile());
        List<String> exprs = dashboard.get("panels").findValues("expr").stream().map(JsonNode::asText).toList();
        assertTrue(exprs.size() >= 10, "the dashboard queries: " + exprs);
        int port = freePort();
        CompletableFuture<RunOutcome> run = start(port, "5s");
        String exported = scrapeOnceCountsMove(port) + get(port, "/admin/metrics").body();
        Set<String> names = PromText.parse(exported, "live").samples().stream().map(PromText.Sample::name)
                .collect(Collectors.toSet());
        Matcher m = METRIC_NAME.matcher("");
        for (String e : exprs) {
            m.reset(e);
            assertTrue(m.find(), "a query names no imbench, jvm, process or system metric: " + e);
            do {
                assertTrue(names.contains(m.group()), m.group() + " (in " + e + ") is not exported; exported: "
                        + new TreeSet<>(names));
            } while (m.find());
        }
        assertEquals(0, run.get(120, TimeUnit.SECONDS).exitCode());
    }

    @Test
    void shouldRefuseARunWhosePortIsTaken() throws Exception {
        try (ServerSocket taken = new ServerSocket(0)) {
            RunOptions o = new RunOptions(out, "./imbench run live.yaml", false, null, 0.2, false, List.of())
                    .withMetricsPort(taken.getLocalPort());
            RunOutcome outcome = new ScenarioRunner(new SimulationWorkload(), p -> { },
                    new PrintStream(new ByteArrayOutputStream())).run(scenario("1s"), o);
            assertEquals(2, outcome.exitCode(), outcome.message());
            assertTrue(outcome.message().contains("--metrics-port " + taken.getLocalPort() + " cannot be bound"),
                    outcome.message());
        }
    }

    @Test
    void shouldRefuseAPortOutOfRange() {
        RunOptions o = RunOptions.defaults("x");
        assertThrows(IllegalArgumentException.class, () -> o.withMetricsPort(-1));
        assertThrows(IllegalArgumentException.class, () -> o.withMetricsPort(65_536));
    }
}
