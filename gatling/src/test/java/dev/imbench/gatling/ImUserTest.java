package dev.imbench.gatling;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.protocol.BadFrame;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.C2CPushRequest;
import dev.imbench.protocol.pb.C2CPushResponse;
import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.C2CSendResponse;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.reports.summary.Judge;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bridge between Gatling's session hooks and imbench's ledger, without Gatling: what the hooks
 * tell the recorder becomes a delivery verdict, including the loss Gatling itself cannot see.
 */
class ImUserTest {

    private static ImbenchRecorder recorder(Path out) {
        Properties p = new Properties();
        p.setProperty("users", "2");
        p.setProperty("rate", "2");
        p.setProperty("ramp", "0");
        p.setProperty("duration", "1");
        p.setProperty("out", out.toString());
        return ImbenchRecorder.start(GatlingSettings.from(p), "test");
    }

    private static Frame decode(byte[] bytes) {
        return assertInstanceOf(Frame.class, WireFrames.decode(bytes));
    }

    /** u0 sends one message to u1 and gets its ack; returns the C2C_PUSH_REQ the server would push to u1. */
    private static byte[] sendAndAck(ImUser sender) {
        sender.planSends();
        Frame req = decode(sender.send());
        C2CSendRequest body = req.bodyAs(C2CSendRequest.class);
        byte[] ack = WireFrames.encode(CmdId.C2C_SEND_RESP, req.seq(), C2CSendResponse.newBuilder()
                .setMsgid(7).setClientMsgId(body.getClientMsgId()).build());
        assertTrue(sender.answersOrKeep(ack), "the ack answers the awaited send");
        assertTrue(sender.ackAnswered(ack));
        sender.sendSettled();
        sender.doneSending();
        return WireFrames.encode(CmdId.C2C_PUSH_REQ, 1, C2CPushRequest.newBuilder().setFrom(body.getFrom())
                .setContent(body.getContent()).setMsgid(7).setClientMsgId(body.getClientMsgId()).build());
    }

    @Test
    void aPushSeenDuringACheckIsKeptDeliveredAndAcked(@TempDir Path tmp) throws Exception {
        ImbenchRecorder run = recorder(tmp);
        ImUser u0 = ImUser.chat(run);
        ImUser u1 = ImUser.chat(run);
        byte[] push = sendAndAck(u0);
        u1.planSends();
        u1.doneSending();
        // u1 awaits its own answer when the push comes: the check does not match it, the user keeps it
        assertFalse(u1.answersOrKeep(push));
        u1.inbound(List.of(), List.of());
        assertTrue(u1.ackDue());
        Frame ack = decode(u1.nextAck());
        assertEquals(CmdId.C2C_PUSH_RESP, ack.cmd());
        assertEquals(1, ack.seq(), "a push is answered with its own seq");
        assertEquals(7, ack.bodyAs(C2CPushResponse.class).getMsgid());
        assertFalse(u1.ackDue());
        u0.drained();
        u1.drained();
        Judge.Outcome o = run.finish("");
        Map<String, Object> d = run.delivery();
        assertEquals("valid", d.get("verdict"), d.toString());
        assertEquals(1, ((Number) d.get("delivered")).intValue());
        assertEquals(1, o.summary().path("latency").path("e2e").path("count").asLong(), "its e2e latency is recorded");
    }

    @Test
    void aPushThatNeverArrivesIsLostAlthoughEveryCheckPassed(@TempDir Path tmp) throws Exception {
        ImbenchRecorder run = recorder(tmp);
        ImUser u0 = ImUser.chat(run);
        ImUser u1 = ImUser.chat(run);
        sendAndAck(u0); // Gatling saw the ack: its checks are all OK
        u1.planSends();
        u1.doneSending();
        u0.drained();
        u1.drained();
        Judge.Outcome o = run.finish("");
        Map<String, Object> d = run.delivery();
        assertEquals("invalid", d.get("verdict"));
        assertEquals(1, ((Number) d.get("lost")).intValue());
        assertEquals(1, o.exitCode(), "imbench fails the run: " + o.line());
    }

    @Test
    void aUserThatNeverFinishedItsDrainMakesTheVerdictIncomplete(@TempDir Path tmp) throws Exception {
        ImbenchRecorder run = recorder(tmp);
        ImUser u0 = ImUser.chat(run);
        ImUser.chat(run);
        sendAndAck(u0);
        u0.drained();
        run.finish("");
        assertEquals("incomplete", run.delivery().get("verdict"));
    }

    @Test
    void moreUsersThanTheSettingSayIsAnErrorNotASilentMiscount(@TempDir Path tmp) {
        ImbenchRecorder run = recorder(tmp);
        ImUser.chat(run);
        ImUser.chat(run);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> ImUser.chat(run));
        assertTrue(e.getMessage().contains("users=2"), e.getMessage());
    }

    @Test
    void badSettingsAreRefusedByName() {
        Properties p = new Properties();
        p.setProperty("users", "1");
        p.setProperty("rate", "fast");
        p.setProperty("server", "127.0.0.1:8080");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GatlingSettings.from(p));
        assertTrue(e.getMessage().contains("rate must be a number, was 'fast'"), e.getMessage());
        assertTrue(e.getMessage().contains("server must be the HTTP base"), e.getMessage());
        Properties q = new Properties();
        q.setProperty("users", "1");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> GatlingSettings.from(q)).getMessage()
                .contains("users must be at least 2"));
    }

    @Test
    void aWebSocketMessageThatIsNotExactlyOneFrameIsRefused() {
        byte[] frame = WireFrames.encode(CmdId.KEEPALIVE_REQ, 3, dev.imbench.protocol.pb.Keepalive.getDefaultInstance());
        assertInstanceOf(BadFrame.class, WireFrames.decode(Arrays.copyOf(frame, 10)));
        byte[] two = new byte[frame.length * 2];
        System.arraycopy(frame, 0, two, 0, frame.length);
        System.arraycopy(frame, 0, two, frame.length, frame.length);
        assertInstanceOf(BadFrame.class, WireFrames.decode(two));
        assertArrayEquals(frame, dev.imbench.protocol.FrameCodec.encode(decode(frame)));
        assertFalse(WireFrames.answers(frame, 3), "a request never answers another request");
    }
}
