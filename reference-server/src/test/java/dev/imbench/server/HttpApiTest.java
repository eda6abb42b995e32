package dev.imbench.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.testsupport.WireClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.google.protobuf.ByteString;
import dev.imbench.protocol.pb.AuthResponse;
import dev.imbench.protocol.pb.C2SSendRequest;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.S2CPushRequest;
import dev.imbench.protocol.pb.S2CPushResponse;
import dev.imbench.server.queue.BusinessMessage;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/** The HTTP API: SSO login, iplist, business push (s2c), c2s queues, metrics. */
@EachBackendSet
class HttpApiTest {

    @Parameter
    BackendSet backendSet;

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private ImServer server;

    @BeforeEach
    void start() {
        server = backendSet.start(ServerConfig.defaults());
    }

    @AfterEach
    void stop() {
        server.close();
        http.close();
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).POST(HttpRequest.BodyPublishers.ofString(body))
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + server.apiSecret())
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().header("Authorization", "Bearer " + server.apiSecret())
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.httpAddress().getPort() + path);
    }

    @Test
    void shouldIssueTokenOverSsoLoginThatTheGateAccepts() throws Exception {
        HttpResponse<String> r = post("/sso/login", "{\"uid\":\"alice\",\"deviceType\":\"ANDROID\"}");
        assertEquals(200, r.statusCode());
        JsonNode body = JSON.readTree(r.body());
        assertTrue(body.get("expiresAt").asLong() > System.currentTimeMillis());
        try (WireClient c = WireClient.tcp(server.tcpAddress())) {
            assertEquals(AuthResponse.Status.OK, c.auth(body.get("token").asText(), "alice").getStatus());
            await().until(() -> server.backends().presence().routes("alice").size() == 1);
            assertEquals(DeviceType.ANDROID, server.backends().presence().routes("alice").get(0).deviceType());
        }
    }

    @Test
    void shouldRefuseLoginWithoutUidOrWithUnknownDevice() throws Exception {
        assertEquals(400, post("/sso/login", "{\"deviceType\":\"IOS\"}").statusCode());
        HttpResponse<String> r = post("/sso/login", "{\"uid\":\"a\",\"deviceType\":\"FRIDGE\"}");
        assertEquals(400, r.statusCode());
        assertTrue(JSON.readTree(r.body()).get("error").asText().contains("FRIDGE"));
        assertEquals(400, post("/sso/login", "not json").statusCode());
        assertEquals(404, get("/nope").statusCode());
        assertEquals(405, get("/sso/login").statusCode());
    }

    @Test
    void shouldListGateAddresses() throws Exception {
        JsonNode gate = JSON.readTree(get("/iplist").body()).get("gates").get(0);
        assertEquals("127.0.0.1:" + server.tcpAddress().getPort(), gate.get("tcp").asText());
        assertEquals(server.wsUri().toString(), gate.get("ws").asText());
    }

    @Test
    void shouldPushBusinessMessageToOnlineUserAndDropForOffline() throws Exception {
        try (WireClient c = WireClient.tcp(server.tcpAddress())) {
            c.login(server.tokens()::issue, "alice", DeviceType.IOS);
            JsonNode r = JSON.readTree(post("/api/sendMsg",
                    "{\"uid\":\"alice\",\"business\":\"orders\",\"payload\":\"shipped\"}").body());
            assertEquals(1, r.get("pushed").asInt());
            S2CPushRequest push = c.await(CmdId.S2C_PUSH_REQ).bodyAs(S2CPushRequest.class);
            assertEquals("orders", push.getBusiness());
            assertEquals("shipped", push.getPayload().toString(StandardCharsets.UTF_8));
            c.send(CmdId.S2C_PUSH_RESP, S2CPushResponse.newBuilder().setMsgid(push.getMsgid()).build());
            await().until(() -> server.logic().business().s2cAcked() == 1);
        }
        JsonNode offline = JSON.readTree(post("/api/sendMsg", "{\"uid\":\"nobody\",\"payload\":\"x\"}").body());
        assertTrue(offline.get("dropped").asBoolean());
        assertEquals(1.0, server.metrics().s2cDroppedCount());
    }

    @Test
    void shouldAckC2sAtOnceAndQueueItForItsBusinessLine() throws Exception {
        try (WireClient c = WireClient.tcp(server.tcpAddress())) {
            c.login(server.tokens()::issue, "alice", DeviceType.IOS);
            c.send(CmdId.C2S_SEND_REQ, C2SSendRequest.newBuilder().setFrom("alice").setBusiness("survey")
                    .setPayload(ByteString.copyFromUtf8("5 stars")).setClientMsgId(3).build());
            c.await(CmdId.C2S_SEND_RESP);
            await().until(() -> server.backends().queue().depth("survey") == 1);
            JsonNode polled = JSON.readTree(get("/api/c2s/survey?max=10").body()).get("messages");
            assertEquals(1, polled.size());
            assertEquals("alice", polled.get(0).get("from").asText());
            List<BusinessMessage> none = server.backends().queue().poll("survey", 10);
            assertTrue(none.isEmpty());
        }
    }

    @Test
    void shouldExposePrometheusMetrics() throws Exception {
        try (WireClient c = WireClient.tcp(server.tcpAddress())) {
            c.login(server.tokens()::issue, "alice", DeviceType.IOS);
        }
        String text = get("/admin/metrics").body();
        assertTrue(text.contains("imbench_frames_in_total{cmd=\"AUTH_REQ\"} 1.0"), text);
        assertFalse(text.isEmpty());
    }
}
