package dev.imbench.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.testsupport.WireClient;
import com.google.protobuf.ByteString;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.FrameCodec;
import dev.imbench.protocol.pb.C2SSendRequest;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.ErrorCode;
import dev.imbench.protocol.pb.ErrorResponse;
import dev.imbench.server.backends.BackendConfig;
import dev.imbench.server.backends.LiveServices;
import dev.imbench.server.backends.OpenBackends;
import dev.imbench.server.backends.RedisTestKeys;
import dev.imbench.server.backends.TcpRelay;
import dev.imbench.server.queue.QueueBounds;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.Parameter;

/**
 * The hostile clients the server must survive with bounded memory and bounded answer times, end to end.
 * With {@code ConnectionTimeoutsTest} (slowloris, unauthenticated keepalives, connection caps),
 * {@code PipelinedRequestsTest} (pipelined requests never read), {@code FrameLimitTest} (oversized
 * pushes) and {@code HttpHardeningTest} (HTTP without credentials, bad input, hanging back ends) this is
 * the hostile-client suite; each class runs in seconds.
 */
@EachBackendSet
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileClientsTest {

    @Parameter
    BackendSet backendSet;

    private static final int REPORT_BYTES = 60_000;
    private static final int REPORTS = 600;

    @Test
    void shouldBoundAC2sFloodByBytesAndRefuseTheRestWithARetryableCode() throws Exception {
        try (ImServer server = backendSet.start(ServerConfig.defaults());
             WireClient flood = WireClient.tcp(server.tcpAddress())) {
            flood.login(server.tokens()::issue, "flooder", DeviceType.IOS);
            // 600 reports of 60 KB (36 MB) to one line, pipelined in one write.
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            ByteString payload = ByteString.copyFrom(new byte[REPORT_BYTES]);
            for (int i = 1; i <= REPORTS; i++) {
                all.write(FrameCodec.encode(Frame.of(CmdId.C2S_SEND_REQ, 100 + i, C2SSendRequest.newBuilder()
                        .setFrom("flooder").setBusiness("orders").setPayload(payload).setClientMsgId(i).build())));
            }
            flood.writeRaw(all.toByteArray());
            int acked = 0;
            int refused = 0;
            while (acked + refused < REPORTS) {
                Frame f = flood.poll(10_000);
                if (f == null) {
                    break;
                }
                if (f.cmd() == CmdId.C2S_SEND_RESP) {
                    acked++;
                } else if (f.cmd() == CmdId.ERROR_RESP) {
                    assertEquals(ErrorCode.ERR_OVERLOADED, f.bodyAs(ErrorResponse.class).getCode());
                    refused++;
                }
            }
            assertEquals(REPORTS, acked + refused, "every report answered");
            long held = (long) acked * (REPORT_BYTES + "flooder".length() + "orders".length() + QueueBounds.OVERHEAD);
            System.out.printf("c2s flood of %d x %d B: %d acked (%,d B held), %d refused with ERR_OVERLOADED%n",
                    REPORTS, REPORT_BYTES, acked, held, refused);
            assertTrue(held <= QueueBounds.DEFAULTS.maxLineBytes(), "held within the line's byte bound");
            assertTrue(refused > 0);
            assertEquals(acked, server.backends().queue().depth("orders"));
        }
    }

    @Test
    void shouldAnswerHttp503QuicklyWhileRedisIsDown() throws Exception {
        LiveServices.requireRedis();
        try (RedisTestKeys keys = new RedisTestKeys();
             TcpRelay relay = new TcpRelay(LiveServices.REDIS_HOST, LiveServices.REDIS_PORT);
             HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build()) {
            relay.start();
            Map<String, Object> section = Map.of("routing", "redis", "redisUrl", "redis://127.0.0.1:" + relay.port(),
                    "redisNamespace", keys.namespace());
            try (OpenBackends backends = OpenBackends.open(BackendConfig.fromMap(section), "gate-1", Clock.systemUTC());
                 ImServer server = ImServer.start(ServerConfig.builder().logicThreads(2)
                         .httpRequestTimeout(Duration.ofSeconds(2)).build(), backends.backends(), Clock.systemUTC())) {
                String base = "http://127.0.0.1:" + server.httpAddress().getPort();
                String auth = "Bearer " + server.apiSecret();
                relay.stop(); // Redis unreachable from here on
                for (HttpRequest r : new HttpRequest[] {
                        HttpRequest.newBuilder(URI.create(base + "/iplist")).GET().build(),
                        HttpRequest.newBuilder(URI.create(base + "/api/sendMsg")).header("Authorization", auth)
                                .POST(HttpRequest.BodyPublishers.ofString("{\"uid\":\"bob\",\"payload\":\"x\"}")).build(),
                        HttpRequest.newBuilder(URI.create(base + "/api/c2s/orders")).header("Authorization", auth)
                                .GET().build()}) {
                    long t0 = System.nanoTime();
                    HttpResponse<String> resp = http.send(HttpRequest.newBuilder(r, (n, v) -> true)
                            .timeout(Duration.ofSeconds(8)).build(), HttpResponse.BodyHandlers.ofString());
                    double s = (System.nanoTime() - t0) / 1e9;
                    System.out.printf("%s with Redis down: %d in %.2f s%n", r.uri().getPath(), resp.statusCode(), s);
                    assertEquals(503, resp.statusCode(), r.uri() + ": " + resp.body());
                    assertTrue(s < 5, r.uri() + " took " + s + " s");
                }
            }
        }
    }
}
