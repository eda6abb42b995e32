package dev.imbench.chaos.api;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.testsupport.EchoServer;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The embedded Toxiproxy server refuses proxies that lead back into themselves (their own listen
 * address, a chain of proxies, the API itself), bounds the connections of a proxy, and keeps answering
 * delete and reset afterwards.
 */
class ToxiproxyLoopTest {

    private ToxiproxyServer server;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeEach
    void start() {
        server = ToxiproxyServer.start("127.0.0.1", 0, 1, 4);
    }

    @AfterEach
    void stop() {
        server.close();
        http.close();
    }

    private HttpResponse<String> send(String method, String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.port() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private HttpResponse<String> create(String name, String listen, String upstream) throws Exception {
        return send("POST", "/proxies", "{\"name\":\"" + name + "\",\"listen\":\"" + listen + "\",\"upstream\":\""
                + upstream + "\"}");
    }

    @Test
    void shouldRefuseAProxyWhoseUpstreamIsItsOwnListenAddress() throws Exception {
        int p = freePort();
        HttpResponse<String> self = create("self", "127.0.0.1:" + p, "127.0.0.1:" + p);
        assertEquals(400, self.statusCode(), self.body());
        assertEquals(400, create("self2", "0.0.0.0:" + p, "localhost:" + p).statusCode(), "same endpoint, other spelling");
        assertEquals(400, create("api", "127.0.0.1:0", "127.0.0.1:" + server.port()).statusCode(), "the API itself");
        assertEquals("{}", send("GET", "/proxies", null).body(), "nothing was created");
    }

    @Test
    void shouldRefuseAChainOfProxiesThatLoopsBack() throws Exception {
        int a = freePort();
        int b = freePort();
        assertEquals(201, create("a", "127.0.0.1:" + a, "127.0.0.1:" + b).statusCode());
        HttpResponse<String> loop = create("b", "127.0.0.1:" + b, "127.0.0.1:" + a);
        assertEquals(400, loop.statusCode(), loop.body());
        assertTrue(loop.body().contains("loop"), loop.body());
        int c = freePort();
        assertEquals(201, create("c", "127.0.0.1:" + c, "127.0.0.1:" + freePort()).statusCode());
        assertEquals(400, send("POST", "/proxies/c", "{\"upstream\":\"127.0.0.1:" + a + "\",\"listen\":\"127.0.0.1:"
                + b + "\"}").statusCode(), "an update that closes the loop");
    }

    @Test
    void shouldBoundTheConnectionsOfAProxyAndKeepDeleteAndResetWorking() throws Exception {
        try (EchoServer echo = new EchoServer()) {
            assertEquals(201, create("echo", "127.0.0.1:0", "127.0.0.1:" + echo.port()).statusCode());
            String listen = send("GET", "/proxies/echo", null).body().replaceAll(".*\"listen\":\"[^\"]*:(\\d+)\".*", "$1");
            int port = Integer.parseInt(listen);
            List<Socket> sockets = new ArrayList<>();
            try {
                for (int i = 0; i < 10; i++) {
                    sockets.add(new Socket("127.0.0.1", port));
                }
                // 4 are relayed; the others are closed by the proxy at once.
                await().until(() -> sockets.stream().filter(ToxiproxyLoopTest::closedByPeer).count() == 6);
            } finally {
                for (Socket s : sockets) {
                    s.close();
                }
            }
            assertEquals(204, send("POST", "/reset", null).statusCode());
            assertEquals(204, send("DELETE", "/proxies/echo", null).statusCode());
            assertEquals(201, create("again", "127.0.0.1:0", "127.0.0.1:" + echo.port()).statusCode());
        }
    }

    private static boolean closedByPeer(Socket s) {
        try {
            s.setSoTimeout(50);
            return s.getInputStream().read() < 0;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (IOException e) {
            return true;
        }
    }
}
