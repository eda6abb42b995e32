package dev.imbench.chaos.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imbench.testsupport.EchoServer;
import dev.imbench.chaos.support.ToxiproxyTarget;
import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Drives a Toxiproxy (the embedded server, or a real one via TOXIPROXY_URL) with the real
 * toxiproxy-java client and raw HTTP, and measures toxics through loopback sockets.
 */
class ToxiproxyConformanceTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ToxiproxyTarget target;
    private ToxiproxyClient client;
    private EchoServer echo;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() throws IOException {
        target = new ToxiproxyTarget();
        client = new ToxiproxyClient(target.host(), target.port());
        client.reset();
        for (Proxy p : client.getProxies()) {
            p.delete();
        }
        echo = new EchoServer();
    }

    @AfterEach
    void stop() throws IOException {
        echo.close();
        target.close();
    }

    private Proxy echoProxy(String name) throws IOException {
        return client.createProxy(name, "127.0.0.1:0", "127.0.0.1:" + echo.port());
    }

    private static Socket connect(Proxy p) throws IOException {
        int port = Integer.parseInt(p.getListen().substring(p.getListen().lastIndexOf(':') + 1));
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(5000);
        return s;
    }

    private static long roundTripMs(Socket s) throws IOException {
        long t0 = System.nanoTime();
        s.getOutputStream().write(7);
        assertEquals(7, s.getInputStream().read());
        return (System.nanoTime() - t0) / 1_000_000;
    }

    private HttpResponse<String> send(String method, String path, String body) throws IOException, InterruptedException {
        HttpRequest.BodyPublisher pub = body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body);
        return http.send(HttpRequest.newBuilder(target.uri(path)).method(method, pub).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertError(HttpResponse<String> r, int status) throws IOException {
        assertEquals(status, r.statusCode(), r.body());
        JsonNode n = JSON.readTree(r.body());
        assertEquals(status, n.get("status").asInt(), r.body());
        assertFalse(n.get("error").asText().isBlank(), r.body());
    }

    @Test
    void shouldCreateListAndGetProxiesWithJavaClient() throws IOException {
        Proxy p = echoProxy("echo");
        assertTrue(p.isEnabled());
        assertFalse(p.getListen().endsWith(":0"), "ephemeral port resolved: " + p.getListen());
        assertEquals(List.of("echo"), client.getProxies().stream().map(Proxy::getName).toList());
        assertEquals(p.getListen(), client.getProxy("echo").getListen());
        try (Socket s = connect(p)) {
            roundTripMs(s);
        }
    }

    @Test
    void shouldRejectDuplicateProxyNameWith409() throws Exception {
        echoProxy("dup");
        assertThrows(IOException.class, () -> echoProxy("dup"));
        assertError(send("POST", "/proxies", "{\"name\":\"dup\",\"upstream\":\"127.0.0.1:1\"}"), 409);
    }

    @Test
    void shouldCreateToxicsOfEveryTypeAndRemoveThem() throws IOException {
        Proxy p = echoProxy("all");
        p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 10).setJitter(5);
        p.toxics().bandwidth("bw", ToxicDirection.UPSTREAM, 1000);
        p.toxics().slicer("sl", ToxicDirection.DOWNSTREAM, 100, 10);
        p.toxics().slowClose("sc", ToxicDirection.DOWNSTREAM, 10);
        p.toxics().timeout("to", ToxicDirection.UPSTREAM, 0).setToxicity(0f);
        p.toxics().limitData("ld", ToxicDirection.DOWNSTREAM, 1_000_000);
        p.toxics().resetPeer("rp", ToxicDirection.UPSTREAM, 0).setToxicity(0f);
        Set<String> names = p.toxics().getAll().stream().map(Toxic::getName).collect(Collectors.toSet());
        assertEquals(Set.of("lat", "bw", "sl", "sc", "to", "ld", "rp"), names);
        assertEquals(0f, p.toxics().get("to").getToxicity());
        p.toxics().get("rp").remove();
        assertEquals(6, p.toxics().getAll().size());
    }

    @Test
    void shouldRefuseConnectionsWhenDisabledAndServeWhenEnabled() throws IOException {
        Proxy p = echoProxy("updown");
        try (Socket open = connect(p)) {
            roundTripMs(open);
            p.disable();
            assertEquals(-1, open.getInputStream().read(), "disable closes open connections");
        }
        assertFalse(client.getProxy("updown").isEnabled());
        assertThrows(ConnectException.class, () -> connect(p));
        p.enable();
        try (Socket s = connect(p)) {
            roundTripMs(s);
        }
    }

    @Test
    void shouldRemoveToxicsAndEnableProxiesOnReset() throws IOException {
        Proxy p = echoProxy("reset");
        p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 100);
        p.disable();
        client.reset();
        Proxy after = client.getProxy("reset");
        assertTrue(after.isEnabled());
        assertTrue(after.toxics().getAll().isEmpty());
    }

    @Test
    void shouldAddLatencyWithinTolerance() throws IOException {
        Proxy p = echoProxy("latency");
        p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 120);
        try (Socket s = connect(p)) {
            long ms = roundTripMs(s);
            // a lower bound only: an upper one flakes on a loaded machine (ToxicEffectsTest bounds it on a fake clock)
            assertTrue(ms >= 120, "round trip " + ms + " ms");
        }
    }

    @Test
    void shouldLimitRateToConfiguredKilobytesPerSecond() throws IOException {
        Proxy p = echoProxy("bandwidth");
        p.toxics().bandwidth("bw", ToxicDirection.DOWNSTREAM, 200);
        try (Socket s = connect(p)) {
            byte[] payload = new byte[60_000];
            long t0 = System.nanoTime();
            s.getOutputStream().write(payload);
            assertEquals(payload.length, s.getInputStream().readNBytes(payload.length).length);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            double kbs = payload.length / 1000.0 / (ms / 1000.0);
            // 60 KB at 200 KB/s: 300 ms nominal; slices start at once so allow one slice early
            assertTrue(kbs < 300, "60 KB in " + ms + " ms = " + kbs + " KB/s, above the rate");
        }
    }

    @Test
    void shouldResetConnectionOnResetPeer() throws IOException {
        Proxy p = echoProxy("reset_peer");
        p.toxics().resetPeer("rp", ToxicDirection.UPSTREAM, 30);
        try (Socket s = connect(p)) {
            s.getOutputStream().write(new byte[] {1, 2, 3});
            SocketException e = assertThrows(SocketException.class, () -> s.getInputStream().read());
            assertTrue(e.getMessage().toLowerCase().contains("reset"), e.getMessage());
        }
    }

    @Test
    void shouldCloseAfterExactlyLimitBytes() throws IOException {
        Proxy p = echoProxy("limit");
        p.toxics().limitData("ld", ToxicDirection.DOWNSTREAM, 17);
        try (Socket s = connect(p)) {
            s.getOutputStream().write(new byte[100]);
            InputStream in = s.getInputStream();
            assertEquals(17, in.readAllBytes().length);
        }
    }

    @Test
    void shouldDropDataUntilTimeoutCloses() throws IOException {
        Proxy p = echoProxy("timeout");
        p.toxics().timeout("to", ToxicDirection.DOWNSTREAM, 150);
        try (Socket s = connect(p)) {
            s.getOutputStream().write(new byte[] {1, 2, 3});
            assertEquals(0, s.getInputStream().readAllBytes().length);
        }
    }

    @Test
    void shouldPopulateProxiesAndAnswer201() throws Exception {
        HttpResponse<String> r = send("POST", "/populate", "[{\"name\":\"a\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:"
            + echo.port() + "\"},{\"name\":\"b\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:" + echo.port() + "\",\"enabled\":false}]");
        assertEquals(201, r.statusCode(), r.body());
        JsonNode proxies = JSON.readTree(r.body()).get("proxies");
        assertEquals(2, proxies.size());
        assertFalse(client.getProxy("b").isEnabled());
        assertTrue(client.getProxy("a").isEnabled());
    }

    @Test
    void shouldUpdateProxyWithPatch() throws Exception {
        echoProxy("patched");
        HttpResponse<String> r = send("PATCH", "/proxies/patched", "{\"enabled\":false}");
        assertEquals(200, r.statusCode(), r.body());
        assertFalse(JSON.readTree(r.body()).get("enabled").asBoolean());
    }

    @Test
    void shouldUpdateOnlyAttributesAndToxicityOfToxic() throws Exception {
        Proxy p = echoProxy("upd");
        p.toxics().latency("lat", ToxicDirection.DOWNSTREAM, 10);
        HttpResponse<String> r = send("PATCH", "/proxies/upd/toxics/lat",
            "{\"attributes\":{\"latency\":25},\"toxicity\":0.5,\"stream\":\"upstream\"}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode t = JSON.readTree(r.body());
        assertEquals(25, t.get("attributes").get("latency").asInt());
        assertEquals(0.5, t.get("toxicity").asDouble(), 1e-6);
        assertEquals("downstream", t.get("stream").asText());
    }

    @Test
    void shouldFillToxicDefaults() throws Exception {
        echoProxy("defaults");
        HttpResponse<String> r = send("POST", "/proxies/defaults/toxics", "{\"type\":\"latency\"}");
        assertEquals(200, r.statusCode(), r.body());
        JsonNode t = JSON.readTree(r.body());
        assertEquals("latency_downstream", t.get("name").asText());
        assertEquals("downstream", t.get("stream").asText());
        assertEquals(1.0, t.get("toxicity").asDouble(), 1e-9);
    }

    @Test
    void shouldServeMetricsAndVersion() throws Exception {
        Proxy p = echoProxy("metered");
        try (Socket s = connect(p)) {
            roundTripMs(s);
        }
        HttpResponse<String> m = send("GET", "/metrics", null);
        assertEquals(200, m.statusCode());
        assertTrue(m.body().contains("toxiproxy_proxy_received_bytes_total"), m.body());
        assertEquals(200, send("GET", "/version", null).statusCode());
        assertFalse(client.version().isBlank());
    }

    @Test
    void shouldAnswerBadInputWithErrorBodiesAndKeepRunning() throws Exception {
        echoProxy("bad");
        assertError(send("POST", "/proxies", "{not json"), 400);
        assertError(send("POST", "/proxies", "{\"name\":\"x\"}"), 400);
        assertError(send("POST", "/proxies/bad/toxics", "{\"type\":\"teleport\"}"), 400);
        assertError(send("POST", "/proxies/bad/toxics", "{\"type\":\"latency\",\"attributes\":{\"latency\":-5}}"), 400);
        assertError(send("POST", "/proxies/bad/toxics", "{\"type\":\"latency\",\"stream\":\"sideways\"}"), 400);
        assertEquals(200, send("POST", "/proxies/bad/toxics", "{\"type\":\"latency\"}").statusCode());
        assertError(send("POST", "/proxies/bad/toxics", "{\"type\":\"latency\"}"), 409);
        assertError(send("GET", "/proxies/nope", null), 404);
        assertError(send("GET", "/proxies/bad/toxics/nope", null), 404);
        assertEquals(200, send("GET", "/version", null).statusCode());
        assertEquals(1, client.getProxy("bad").toxics().getAll().size());
    }

    @Test
    void shouldFailToListenOnPortInUseAndKeepRunning() throws Exception {
        Proxy p = echoProxy("first");
        HttpResponse<String> r = send("POST", "/proxies", "{\"name\":\"second\",\"listen\":\"" + p.getListen()
            + "\",\"upstream\":\"127.0.0.1:" + echo.port() + "\"}");
        assertError(r, 500);
        assertEquals(List.of("first"), client.getProxies().stream().map(Proxy::getName).toList());
        try (Socket s = connect(p)) {
            roundTripMs(s);
        }
    }
}
