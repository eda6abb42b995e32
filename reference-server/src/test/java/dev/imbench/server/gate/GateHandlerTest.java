package dev.imbench.server.gate;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.protocol.BadFrame;
import dev.imbench.protocol.DecodeError;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.ErrorCode;
import dev.imbench.protocol.pb.ErrorResponse;
import dev.imbench.protocol.pb.Keepalive;
import dev.imbench.protocol.pb.PullRequest;
import dev.imbench.server.BackpressurePolicy;
import dev.imbench.server.ServerConfig;
import dev.imbench.server.metrics.ServerMetrics;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The gate handler alone on an EmbeddedChannel: what reaches the logic and what is answered. */
class GateHandlerTest {

    private final List<Frame> toLogic = new ArrayList<>();
    private final List<Session> closed = new ArrayList<>();
    private final ServerMetrics metrics = new ServerMetrics("test");
    private final SessionTable table = new SessionTable("gate-1", metrics);
    private final List<MessageTimeouts.Reason> timedOut = new ArrayList<>();
    /** A timeouts stage in front of the handler; nothing closes before a test asks for short timeouts. */
    private final MessageTimeouts timeouts = new MessageTimeouts(Duration.ofSeconds(1), Duration.ofHours(1), false,
            timedOut::add);
    private final EmbeddedChannel ch = new EmbeddedChannel(timeouts, new GateHandler(table, new FrameSink() {
        @Override
        public void onFrame(Session session, Frame frame) {
            toLogic.add(frame);
        }

        @Override
        public void onClosed(Session session) {
            closed.add(session);
        }
    }, metrics, BackpressurePolicy.PAUSE_READ, ServerConfig.defaults().requestRules()));

    @Test
    void shouldAnswerKeepaliveWithoutTheLogic() {
        ch.writeInbound(Frame.of(CmdId.KEEPALIVE_REQ, 4, Keepalive.getDefaultInstance()));
        Frame resp = ch.readOutbound();
        assertEquals(CmdId.KEEPALIVE_RESP, resp.cmd());
        assertEquals(4, resp.seq());
        assertTrue(toLogic.isEmpty());
    }

    @Test
    void shouldKeepUnauthenticatedFramesFromTheLogic() {
        ch.writeInbound(Frame.of(CmdId.PULL_REQ, 1, PullRequest.getDefaultInstance()));
        Frame resp = ch.readOutbound();
        assertEquals(ErrorCode.ERR_NOT_AUTHENTICATED, resp.bodyAs(ErrorResponse.class).getCode());
        assertTrue(toLogic.isEmpty());
    }

    @Test
    void shouldAnswerNonFatalBadFrameAndStayOpen() {
        ch.writeInbound(new BadFrame(DecodeError.MALFORMED_BODY, 201, 9, "junk"));
        Frame resp = ch.readOutbound();
        assertEquals(9, resp.seq());
        assertEquals(ErrorCode.ERR_MALFORMED_FRAME, resp.bodyAs(ErrorResponse.class).getCode());
        assertEquals(201, resp.bodyAs(ErrorResponse.class).getRequestCmd());
        assertTrue(ch.isOpen());
    }

    @Test
    void shouldAnswerFatalBadFrameThenClose() {
        ch.writeInbound(new BadFrame(DecodeError.BAD_HEAD_LENGTH, 0, 0, "headLength 7"));
        Frame resp = ch.readOutbound();
        assertEquals(ErrorCode.ERR_MALFORMED_FRAME, resp.bodyAs(ErrorResponse.class).getCode());
        ch.runPendingTasks();
        assertFalse(ch.isOpen());
        assertEquals(1, closed.size());
        assertEquals(0, table.size());
    }

    @Test
    void shouldCloseOnIdleAndForgetTheSession() {
        assertEquals(1, table.size());
        // No complete frame within the idle timeout: the timeouts stage closes, the handler forgets the session.
        await().until(() -> {
            ch.runScheduledPendingTasks();
            return !ch.isOpen();
        });
        assertEquals(List.of(MessageTimeouts.Reason.IDLE), timedOut);
        assertEquals(0, table.size());
        assertNull(ch.readOutbound());
    }
}
