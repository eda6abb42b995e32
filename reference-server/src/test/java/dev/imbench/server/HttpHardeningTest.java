package dev.imbench.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.server.queue.BusinessMessage;
import dev.imbench.server.queue.BusinessQueue;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * The HTTP side answers every request within bounded time with the status its README states, and asks
 * who the caller is: the business API needs the shared secret, the SSO stand-in follows its mode.
 */
@EachBackendSet
class HttpHardeningTest {

    @Parameter
    BackendSet backendSet;

    private static final Duration ANSWER_WITHIN = Duration.ofSeconds(5);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(ANSWER_WITHIN).build();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void close() {
        release.countDown();
        http.close();
    }

    private HttpResponse<String> send(ImServer server, String method, String path, String body, String... headers)
            throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.httpAddress().getPort()
                + path)).timeout(ANSWER_WITHIN).method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String bearer(String secret) {
        return "Bearer " + secret;
    }

    /** Writes raw bytes and returns the status line of the answer ("" if the server only closed). */
    private static String raw(ImServer server, byte[] request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", server.httpAddress().getPort())) {
            s.setSoTimeout((int) ANSWER_WITHIN.toMillis());
            OutputStream out = s.getOutputStream();
            out.write(request);
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) >= 0 && c != '\n') {
                got.write(c);
            }
            return got.toString(StandardCharsets.US_ASCII).trim();
        }
    }

    @Test
    void shouldAnswerBadInputWith4xxInBoundedTime() throws Exception {
        ImServer server = backendSet.start(ServerConfig.defaults());
        assertEquals(400, send(server, "POST", "/sso/login", "{\"uid\":\"a\\nb\",\"deviceType\":\"IOS\"}").statusCode());
        assertEquals(400, send(server, "POST", "/sso/login", "{\"uid\":\"" + "u".repeat(65) + "\",\"deviceType\":\"IOS\"}")
                .statusCode());
        assertEquals(400, send(server, "POST", "/sso/login", "{\"uid\":\"alice\",\"deviceType\":\"0\"}").statusCode());
        assertEquals(405, send(server, "DELETE", "/admin/metrics", null).statusCode());
        assertEquals(405, send(server, "POST", "/admin/metrics", "{}").statusCode());
        assertEquals(200, send(server, "GET", "/admin/metrics", null).statusCode());
        assertTrue(raw(server, "HELLO THERE\r\n\r\n".getBytes(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 400"));
        String longHeader = "GET /iplist HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n";
        assertTrue(raw(server, longHeader.getBytes(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 431"));
    }

    @Test
    void shouldAskTheBusinessApiForTheSharedSecret() throws Exception {
        ImServer server = backendSet.start(ServerConfig.defaults());
        String body = "{\"uid\":\"bob\",\"payload\":\"hi\"}";
        assertEquals(401, send(server, "POST", "/api/sendMsg", body).statusCode());
        assertEquals(401, send(server, "POST", "/api/sendMsg", body, "Authorization", bearer("wrong")).statusCode());
        assertEquals(401, send(server, "GET", "/api/c2s/orders", null).statusCode());
        assertEquals(200, send(server, "POST", "/api/sendMsg", body, "Authorization", bearer(server.apiSecret()))
                .statusCode());
        assertEquals(200, send(server, "GET", "/api/c2s/orders", null, "Authorization", bearer(server.apiSecret()))
                .statusCode());
        assertTrue(server.apiSecretGenerated() && server.apiSecret().length() >= 32, "generated when absent");

        ImServer configured = backendSet.start(ServerConfig.builder().apiSecret("0123456789abcdef-set").build());
        assertEquals("0123456789abcdef-set", configured.apiSecret());
        assertEquals(200, send(configured, "POST", "/api/sendMsg", body, "Authorization", bearer("0123456789abcdef-set"))
                .statusCode());
    }

    @Test
    void shouldFollowTheSsoMode() throws Exception {
        String login = "{\"uid\":\"alice\",\"deviceType\":\"IOS\"}";
        ImServer loopback = backendSet.start(ServerConfig.defaults());
        assertEquals(SsoMode.LOOPBACK, loopback.config().ssoMode(), "the default");
        assertEquals(200, send(loopback, "POST", "/sso/login", login).statusCode());
        ImServer disabled = backendSet.start(ServerConfig.builder().ssoMode(SsoMode.DISABLED).build());
        assertEquals(404, send(disabled, "POST", "/sso/login", login).statusCode());
        String credential = "sso-credential-0123456789";
        ImServer guarded = backendSet.start(ServerConfig.builder().ssoMode(SsoMode.CREDENTIAL)
                .ssoCredential(credential).build());
        assertEquals(401, send(guarded, "POST", "/sso/login", login).statusCode());
        assertEquals(200, send(guarded, "POST", "/sso/login", login, "Authorization", bearer(credential)).statusCode());
    }

    @Test
    void shouldAnswer503WhenABackEndFailsOrHangs() throws Exception {
        BusinessQueue failing = new BusinessQueue() {
            @Override
            public boolean publish(BusinessMessage message) {
                throw new IllegalStateException("jdbc:mysql://secret-host/schema SELECT * FROM secrets");
            }

            @Override
            public List<BusinessMessage> poll(String business, int max) {
                if (business.equals("hang")) {
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    return List.of();
                }
                throw new IllegalStateException("jdbc:mysql://secret-host/schema SELECT * FROM secrets");
            }

            @Override
            public int depth(String business) {
                return 0;
            }
        };
        ImServer server = backendSet.start(ServerConfig.builder().httpRequestTimeout(Duration.ofMillis(500)).build(),
                b -> b.withQueue(failing));
        String auth = bearer(server.apiSecret());
        HttpResponse<String> failed = send(server, "GET", "/api/c2s/orders", null, "Authorization", auth);
        assertEquals(503, failed.statusCode());
        assertTrue(!failed.body().contains("jdbc") && !failed.body().contains("SELECT"), failed.body());
        long t0 = System.nanoTime();
        assertEquals(503, send(server, "GET", "/api/c2s/hang", null, "Authorization", auth).statusCode());
        assertTrue(System.nanoTime() - t0 < ANSWER_WITHIN.toNanos());
        assertEquals(200, send(server, "GET", "/iplist", null).statusCode(), "the server still answers");
    }

    @Test
    void shouldCloseASlowHttpClient() throws Exception {
        ImServer server = backendSet.start(ServerConfig.builder().httpReadTimeout(Duration.ofMillis(500)).build());
        long t0 = System.nanoTime();
        // Half a request, never finished: closed without an answer after the read timeout.
        assertEquals("", raw(server, "GET /iplist HTTP/1.1\r\nHost: x\r\n".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(System.nanoTime() - t0 < ANSWER_WITHIN.toNanos());
    }
}
