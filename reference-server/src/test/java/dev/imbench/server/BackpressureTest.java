package dev.imbench.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.testsupport.WireClient;
import dev.imbench.protocol.BlockingFrameChannel;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.FrameLimits;
import dev.imbench.protocol.pb.PullMsg;
import dev.imbench.protocol.pb.PullRequest;
import dev.imbench.protocol.pb.PullResponse;
import dev.imbench.protocol.pb.AuthRequest;
import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.DeviceType;
import java.net.Socket;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/** A client that stops reading must not make the gate buffer without bound; nothing acked is lost. */
@EachBackendSet
class BackpressureTest {

    @Parameter
    BackendSet backendSet;

    private static final int HIGH_WATER = 64 * 1024;
    private static final int MESSAGE_BYTES = 32 * 1024;
    private static final int MESSAGES = 400;

    @Test
    void shouldCloseAStalledClientInsteadOfBufferingAndKeepItsMessagesForPull() throws Exception {
        ServerConfig config = ServerConfig.builder().writeLowWaterMark(16 * 1024).writeHighWaterMark(HIGH_WATER)
                .offlinePushDelay(Duration.ofMinutes(5)).build();
        try (ImServer server = backendSet.start(config);
             Socket stalledSocket = new Socket("127.0.0.1", server.tcpAddress().getPort());
             WireClient alice = WireClient.tcp(server.tcpAddress())) {
            stalledSocket.setReceiveBufferSize(8 * 1024);
            BlockingFrameChannel stalled = BlockingFrameChannel.of(stalledSocket);
            stalled.write(Frame.of(CmdId.AUTH_REQ, 1, AuthRequest.newBuilder().setUid("bob")
                    .setToken(server.tokens().issue("bob", DeviceType.IOS)).build()));
            assertEquals(CmdId.AUTH_RESP, stalled.read().cmd());
            // From here on bob never reads.
            alice.login(server.tokens()::issue, "alice", DeviceType.IOS);
            String big = "x".repeat(MESSAGE_BYTES);
            for (int i = 1; i <= MESSAGES; i++) {
                alice.send(CmdId.C2C_SEND_REQ, C2CSendRequest.newBuilder().setFrom("alice").setTo("bob")
                        .setContent(big).setClientMsgId(i).build());
                alice.await(CmdId.C2C_SEND_RESP);
            }
            await().until(() -> server.metrics().backpressureEvents() > 0);
            // bob's session was closed at the first push it could not take, and its route removed.
            await().until(() -> server.backends().presence().routes("bob").isEmpty());
            assertEquals(1, server.sessionCount(), "only alice remains");
            assertEquals(MESSAGES, server.backends().messages().page("bob", 0, 1000).size(), "every acked message is kept");

            // bob reconnects and pulls everything; pages stay within the 64 KiB body limit.
            try (WireClient bobAgain = WireClient.tcp(server.tcpAddress())) {
                bobAgain.login(server.tokens()::issue, "bob", DeviceType.IOS);
                long cursor = 0;
                int got = 0;
                while (true) {
                    bobAgain.send(CmdId.PULL_REQ, PullRequest.newBuilder().setOffset(cursor).setLimit(100).build());
                    PullResponse page = bobAgain.await(CmdId.PULL_RESP).bodyAs(PullResponse.class);
                    if (page.getMsgsCount() == 0) {
                        break;
                    }
                    assertTrue(page.getSerializedSize() <= FrameLimits.DEFAULT_MAX_BODY_LENGTH);
                    for (PullMsg m : page.getMsgsList()) {
                        assertEquals(++got, m.getClientMsgId(), "in order, none skipped");
                        cursor = m.getMsgid();
                    }
                }
                assertEquals(MESSAGES, got);
            }
        }
    }
}
