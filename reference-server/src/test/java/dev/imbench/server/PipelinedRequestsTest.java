package dev.imbench.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imbench.testsupport.WireClient;
import dev.imbench.protocol.BlockingFrameChannel;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.FrameCodec;
import dev.imbench.protocol.pb.AuthRequest;
import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.PullRequest;
import dev.imbench.server.gate.ChannelSession;
import java.io.ByteArrayOutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * A client that pipelines requests and never reads: the gate stops reading it once its outbound buffer is
 * over the high water mark (or {@code maxInFlight} answers are pending), so what it queues stays bounded;
 * when the client reads again every answer arrives, in order. Past {@code writeHardLimit} it is closed.
 */
@EachBackendSet
class PipelinedRequestsTest {

    @Parameter
    BackendSet backendSet;

    private static final int ROWS = 20;
    private static final int ROW_BYTES = 30_000;
    private static final int PULLS = 300;

    private static void storeBigRowsForBob(ImServer server) throws Exception {
        try (WireClient alice = WireClient.tcp(server.tcpAddress())) {
            alice.login(server.tokens()::issue, "alice", DeviceType.IOS);
            for (int i = 1; i <= ROWS; i++) {
                alice.send(CmdId.C2C_SEND_REQ, C2CSendRequest.newBuilder().setFrom("alice").setTo("bob")
                        .setContent("x".repeat(ROW_BYTES)).setClientMsgId(i).build());
                alice.await(CmdId.C2C_SEND_RESP);
            }
        }
    }

    /** Bob logs in and writes {@code PULLS} pulls (each answered by a page of ~60 KB, 2 rows) at once. */
    private static BlockingFrameChannel pipelinePulls(ImServer server, Socket socket) throws Exception {
        // A small receive window, so that the kernel does not absorb what the server queues.
        socket.setReceiveBufferSize(64 * 1024);
        socket.connect(server.tcpAddress());
        BlockingFrameChannel ch = BlockingFrameChannel.of(socket);
        ch.write(Frame.of(CmdId.AUTH_REQ, 1, AuthRequest.newBuilder().setUid("bob")
                .setToken(server.tokens().issue("bob", DeviceType.IOS)).build()));
        assertEquals(CmdId.AUTH_RESP, ch.read().cmd());
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        for (int i = 0; i < PULLS; i++) {
            all.write(FrameCodec.encode(Frame.of(CmdId.PULL_REQ, 2 + i, PullRequest.newBuilder().setLimit(100).build())));
        }
        socket.getOutputStream().write(all.toByteArray());
        socket.getOutputStream().flush();
        return ch;
    }

    private static ChannelSession session(ImServer server, String uid) {
        return server.sessionsTable().all().stream().filter(s -> uid.equals(s.uid())).findFirst().orElse(null);
    }

    @Test
    void shouldStopReadingAClientThatNeverReadsAndAnswerEverythingOnceItReads() throws Exception {
        ServerConfig config = ServerConfig.builder().writeLowWaterMark(16 * 1024).writeHighWaterMark(64 * 1024)
                .maxInFlight(4).build();
        try (ImServer server = backendSet.start(config);
             Socket socket = new Socket()) {
            storeBigRowsForBob(server);
            BlockingFrameChannel bob = pipelinePulls(server, socket);
            ChannelSession s = session(server, "bob");
            AtomicLong most = new AtomicLong();
            await().until(() -> most.accumulateAndGet(s.pendingOutboundBytes(), Math::max) > config.writeHighWaterMark());
            long bound = config.writeHighWaterMark() + (long) config.maxInFlight() * config.maxBodyLength();
            await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(10))
                    .until(() -> most.accumulateAndGet(s.pendingOutboundBytes(), Math::max) <= bound);
            System.out.printf("largest outbound queue of a non-reading client: %,d bytes (%d pulls pipelined)%n",
                    most.get(), PULLS);

            for (int i = 0; i < PULLS; i++) {
                Frame page = bob.read();
                assertEquals(CmdId.PULL_RESP, page.cmd());
                assertEquals(2 + i, page.seq(), "answers in request order, none skipped");
            }
            assertEquals(0, server.metrics().backpressureClosedCount());
        }
    }

    @Test
    void shouldCloseAClientWhoseQueuedAnswersPassTheHardLimit() throws Exception {
        // Logic threads: answers are written after the gate handed the requests on, so they can pile up
        // past the high water mark before the gate notices (up to maxInFlight of them); the first answer
        // that takes the queue over the mark takes it over this hard limit too.
        ServerConfig config = ServerConfig.builder().logicThreads(2).writeLowWaterMark(16 * 1024)
                .writeHighWaterMark(64 * 1024).writeHardLimit(64 * 1024 + 1).build();
        try (ImServer server = backendSet.start(config);
             Socket socket = new Socket()) {
            storeBigRowsForBob(server);
            pipelinePulls(server, socket);
            await().until(() -> server.metrics().backpressureClosedCount() == 1);
            await().until(() -> session(server, "bob") == null);
            await().until(() -> server.backends().presence().routes("bob").isEmpty());
        }
    }
}
