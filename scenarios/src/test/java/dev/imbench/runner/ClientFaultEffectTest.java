package dev.imbench.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imbench.chaos.api.ToxiproxyServer;
import dev.imbench.scenario.Overrides;
import dev.imbench.scenario.Scenario;
import dev.imbench.scenario.ScenarioLoader;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * The client-side fault actions, each run from a scenario and judged by what it did to the clients
 * it concerned: latency added while an inline toxic is in force (on every transport, and through an
 * external Toxiproxy), a network slice of toxics and a scenario's own profile, and the network cut
 * of proxy-down (connections reset, reconnects refused until it is lifted, nothing lost).
 */
class ClientFaultEffectTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path out;

    private Scenario scenario(String yaml) throws Exception {
        Path file = out.resolve("unit.yaml");
        Files.writeString(file, yaml);
        return new ScenarioLoader(SimulationWorkload.knownProfiles()).load(file, Overrides.none());
    }

    private RunOutcome run(Scenario s) {
        RunOptions o = new RunOptions(out.resolve("runs"), "./imbench run unit.yaml", false, null, 0.2, false, List.of());
        return new ScenarioRunner(new SimulationWorkload(), p -> { }, new PrintStream(new ByteArrayOutputStream())).run(s, o);
    }

    private static JsonNode summary(RunOutcome o) throws Exception {
        return JSON.readTree(o.dir().file("summary.json").toFile());
    }

    /** 20 clients chatting for 5 s; fault (or network) lines appended. */
    private static String chat(String transport, String rest) {
        return chat(transport, "5s", rest);
    }

    private static String chat(String transport, String duration, String rest) {
        return """
                name: effect
                population: {clients: 20, rampPerSec: 1000, transport: %s}
                phases: [{name: steady, duration: %s, rates: {c2c: 40}}]
                drainTimeout: 20s
                """.formatted(transport, duration) + rest;
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "tcp", "ws"})
    void shouldDelayTheConcernedClientsWhileAnInlineToxicIsInForce(String transport) throws Exception {
        RunOutcome o = run(scenario(chat(transport, """
                faults:
                  - at: 1500ms
                    action: toxic
                    fraction: 0.5
                    lasting: 2s
                    toxics: [{type: latency, stream: downstream, attributes: {latency: 600}}]
                """)));
        assertEquals(0, o.exitCode(), o.message());
        JsonNode f = summary(o).path("fault").path("toxic");
        double before = f.at("/before/latency/e2e/p99").asDouble();
        double during = f.at("/during/latency/e2e/p99").asDouble();
        assertTrue(before < 300, transport + ": e2e p99 before the toxic " + before + " ms");
        assertTrue(during >= 550, transport + ": e2e p99 while half the recipients read 600 ms late: " + during + " ms");
        assertEquals(0, summary(o).at("/delivery/lost").asLong());
    }

    @Test
    void shouldSlowASliceOfInlineToxicsAndApplyTheScenariosOwnProfile() throws Exception {
        Files.writeString(out.resolve("net.yaml"), """
                far:
                  toxics: [{type: latency, stream: downstream, attributes: {latency: 500}}]
                """);
        RunOutcome o = run(scenario(chat("local", """
                profiles: net.yaml
                network: [{toxics: [{type: latency, stream: downstream, attributes: {latency: 300}}], fraction: 0.4}]
                faults: [{at: 2s, action: profile, target: far, fraction: 1.0, lasting: 2s}]
                """)));
        assertEquals(0, o.exitCode(), o.message());
        JsonNode s = summary(o);
        double slice = s.at("/slice/inline-1/latency/e2e/p50").asDouble();
        assertTrue(slice >= 280, "the slice's recipients read 300 ms late: e2e p50 " + slice + " ms");
        assertTrue(s.at("/fault/far/before/latency/e2e/p50").asDouble() < 300);
        double during = s.at("/fault/far/during/latency/e2e/p50").asDouble();
        assertTrue(during >= 480, "every client under the file's 500 ms profile: e2e p50 " + during + " ms");
    }

    @ParameterizedTest
    @ValueSource(strings = {"local", "tcp"})
    void shouldCutTheConcernedClientsOffUntilProxyDownIsLifted(String transport) throws Exception {
        // The phase goes on 6.5 s after the lift, so the clients' backlog (held while they were cut off)
        // goes out within it and the generator is not taken for the bottleneck.
        RunOutcome o = run(scenario(chat(transport, "10s", """
                faults: [{at: 1s, action: proxy-down, fraction: 0.5, lasting: 2500ms}]
                """)));
        assertEquals(0, o.exitCode(), o.message());
        JsonNode s = summary(o);
        JsonNode f = s.path("fault").path("proxy-down");
        int touched = JSON.readTree(o.dir().file("run.json").toFile()).at("/faults/0/clients").asInt();
        assertTrue(touched > 0);
        assertTrue(f.at("/during/disconnects").asLong() >= touched,
                transport + ": every concerned client's connection reset: " + f.path("during"));
        JsonNode reconnect = s.at("/latency/reconnect");
        assertTrue(reconnect.path("count").asLong() >= touched, "they all came back: " + reconnect);
        assertTrue(reconnect.path("p50").asDouble() >= 2000,
                transport + ": new connections were refused until the lift, 2.5 s after the cut: " + reconnect);
        assertEquals(0, s.at("/delivery/lost").asLong(), "what they sent during the cut was resent, nothing lost");
        long firstAck = f.at("/recovery/firstAckMs").asLong();
        assertTrue(firstAck >= 0 && firstAck < 10_000, "recovered after the lift: " + f.path("recovery"));
    }

    @Test
    void shouldCreateTheClientsToxicsOnAnExternalToxiproxy() throws Exception {
        try (ToxiproxyServer toxiproxy = ToxiproxyServer.start("127.0.0.1", 0, 5)) {
            String url = "http://127.0.0.1:" + toxiproxy.port();
            RunOutcome o = run(scenario(chat("tcp", """
                    server: {toxiproxyUrl: %s}
                    faults:
                      - {at: 1500ms, action: toxic, fraction: 0.5, lasting: 2s,
                         toxics: [{type: latency, stream: downstream, attributes: {latency: 600}}]}
                    """.formatted(url))));
            assertEquals(0, o.exitCode(), o.message());
            String events = Files.readString(o.dir().file("events.jsonl"));
            assertTrue(events.contains("proxies in front of the gate (Toxiproxy at " + url + ")"), events);
            double during = summary(o).at("/fault/toxic/during/latency/e2e/p99").asDouble();
            assertTrue(during >= 550, "the external Toxiproxy's latency toxic: e2e p99 " + during + " ms");
            assertEquals(List.of(), new ToxiproxyClient("127.0.0.1", toxiproxy.port()).getProxies(),
                    "the run deleted its proxies");
        }
    }

    @Test
    void shouldRefuseAToxiproxyUrlThatWouldDoNothing() throws Exception {
        String url = "server: {toxiproxyUrl: 'http://127.0.0.1:8474'}\n";
        assertTrue(String.join("; ", SimulationWorkload.refusals(scenario(chat("tcp", url))))
                .contains("server.toxiproxyUrl without network slices or client-side faults"));
        assertTrue(String.join("; ", SimulationWorkload.refusals(scenario(chat("local", url
                + "network: [{profile: 3g, fraction: 0.5}]\n")))).contains("server.toxiproxyUrl with transport local"));
        assertTrue(String.join("; ", SimulationWorkload.refusals(scenario(chat("tcp", url
                + "network: [{profile: subway, fraction: 0.5}]\n")))).contains("toxics [blackout] with server.toxiproxyUrl"));
        RunOutcome o = run(scenario(chat("tcp", url)));
        assertEquals(2, o.exitCode(), o.message());
    }
}
