package dev.imbench.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.testsupport.WireClient;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.FrameLimits;
import dev.imbench.protocol.pb.C2CPushRequest;
import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.ErrorCode;
import dev.imbench.protocol.pb.ErrorResponse;
import dev.imbench.protocol.pb.PullRequest;
import dev.imbench.protocol.pb.PullResponse;
import dev.imbench.protocol.pb.S2CPushRequest;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * Every frame the server sends fits the frame limit its receivers enforce: a content is accepted only
 * when its push and pull page fit ({@code maxContentLength} < {@code maxBodyLength}), and a business push
 * above it is refused. The test clients read with the default 64 KiB limit, as protocol/README says
 * receivers must, so an oversized frame would close them.
 */
@EachBackendSet
class FrameLimitTest {

    @Parameter
    BackendSet backendSet;

    private static final int LIMIT = FrameLimits.DEFAULT_MAX_BODY_LENGTH;

    /** The content length whose send request is exactly one frame of the limit (from "alice", to "bob", id 1). */
    private static int contentFillingTheFrame() {
        int n = LIMIT - 100;
        while (send(n + 1).getSerializedSize() <= LIMIT) {
            n++;
        }
        return n;
    }

    private static C2CSendRequest send(int contentBytes) {
        return C2CSendRequest.newBuilder().setFrom("alice").setTo("bob").setContent("a".repeat(contentBytes))
                .setClientMsgId(1).build();
    }

    @Test
    void shouldRefuseAContentWhosePushWouldExceedTheFrameLimitAndDeliverTheLargestAllowed() throws Exception {
        try (ImServer server = backendSet.start(ServerConfig.defaults());
             WireClient alice = WireClient.tcp(server.tcpAddress());
             WireClient bob = WireClient.tcp(server.tcpAddress())) {
            alice.login(server.tokens()::issue, "alice", DeviceType.IOS);
            bob.login(server.tokens()::issue, "bob", DeviceType.IOS);

            // A send request that is itself a legal frame, but whose push would not be.
            int seq = alice.send(CmdId.C2C_SEND_REQ, send(contentFillingTheFrame()));
            Frame refused = alice.await(CmdId.ERROR_RESP);
            assertEquals(seq, refused.seq());
            ErrorResponse err = refused.bodyAs(ErrorResponse.class);
            assertEquals(ErrorCode.ERR_BODY_TOO_LARGE, err.getCode(), err.getMessage());
            assertTrue(err.getMessage().contains("maxContentLength"), err.getMessage());
            assertTrue(server.backends().messages().page("bob", 0, 10).isEmpty(), "nothing stored");

            // The largest content allowed reaches bob by push and by pull, each frame within the limit.
            int max = server.config().maxContentLength();
            alice.send(CmdId.C2C_SEND_REQ, send(max).toBuilder().setClientMsgId(2).build());
            alice.await(CmdId.C2C_SEND_RESP);
            Frame push = bob.await(CmdId.C2C_PUSH_REQ);
            assertTrue(push.body().getSerializedSize() <= LIMIT, "push of " + push.body().getSerializedSize());
            assertEquals(max, push.bodyAs(C2CPushRequest.class).getContent().length());
            bob.send(CmdId.PULL_REQ, PullRequest.newBuilder().setLimit(100).build());
            Frame page = bob.await(CmdId.PULL_RESP);
            assertEquals(1, page.bodyAs(PullResponse.class).getMsgsCount());
            assertTrue(page.body().getSerializedSize() <= LIMIT, "page of " + page.body().getSerializedSize());
        }
    }

    @Test
    void shouldRefuseAnOversizedBusinessPushWithAClearErrorAndPushTheLargestAllowed() throws Exception {
        try (ImServer server = backendSet.start(ServerConfig.defaults());
             WireClient bob = WireClient.tcp(server.tcpAddress());
             HttpClient http = HttpClient.newHttpClient()) {
            bob.login(server.tokens()::issue, "bob", DeviceType.IOS);
            HttpResponse<String> big = Http.post(http, server, "/api/sendMsg",
                    "{\"uid\":\"bob\",\"payload\":\"" + "a".repeat(200_000) + "\"}");
            assertEquals(413, big.statusCode(), big.body());
            assertTrue(big.body().contains("maxContentLength"), big.body());

            int max = server.config().maxContentLength();
            HttpResponse<String> ok = Http.post(http, server, "/api/sendMsg",
                    "{\"uid\":\"bob\",\"business\":\"orders\",\"payload\":\"" + "b".repeat(max) + "\"}");
            assertEquals(200, ok.statusCode(), ok.body());
            Frame push = bob.await(CmdId.S2C_PUSH_REQ);
            assertEquals(max, push.bodyAs(S2CPushRequest.class).getPayload().size());
            assertTrue(push.body().getSerializedSize() <= LIMIT);
            assertEquals(null, bob.poll(200), "the refused push never arrived");
        }
    }

    /** Small HTTP helpers shared by the HTTP tests. */
    static final class Http {
        private Http() {
        }

        static HttpResponse<String> post(HttpClient http, ImServer server, String path, String body) throws Exception {
            return http.send(HttpRequest.newBuilder(uri(server, path)).POST(HttpRequest.BodyPublishers.ofString(body))
                    .header("Content-Type", "application/json").header("Authorization", "Bearer " + server.apiSecret())
                    .build(), HttpResponse.BodyHandlers.ofString());
        }

        static URI uri(ImServer server, String path) {
            return URI.create("http://127.0.0.1:" + server.httpAddress().getPort() + path);
        }
    }
}
