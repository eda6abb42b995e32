package dev.imbench.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.C2CPushRequest;
import dev.imbench.protocol.pb.C2CSendResponse;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.Keepalive;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.junit.jupiter.api.Test;

/** The wire client against an echo server: every frame written comes back as it was. */
class WireClientTest {

    @Test
    void shouldFindTheAnswerToARequestPastAPushWithTheSameSeqAndKeepThePush() throws Exception {
        try (EchoServer echo = new EchoServer();
             WireClient c = WireClient.tcp(new InetSocketAddress(InetAddress.getLoopbackAddress(), echo.port()))) {
            c.write(Frame.of(CmdId.C2C_PUSH_REQ, 7, C2CPushRequest.newBuilder().setContent("push").build()));
            c.write(Frame.of(CmdId.KEEPALIVE_REQ, 8, Keepalive.getDefaultInstance()));
            c.write(Frame.of(CmdId.C2C_SEND_RESP, 7, C2CSendResponse.newBuilder().setClientMsgId(3).build()));

            Frame answer = c.answer(7, 5_000);
            assertEquals(CmdId.C2C_SEND_RESP, answer.cmd(), "a push carrying the same seq is no answer");
            assertEquals(3, answer.bodyAs(C2CSendResponse.class).getClientMsgId());
            assertEquals(CmdId.KEEPALIVE_REQ, c.answer(8, 5_000).cmd(), "a frame passed over is kept");
            assertEquals("push", c.await(CmdId.C2C_PUSH_REQ).bodyAs(C2CPushRequest.class).getContent(),
                    "the push passed over is kept for a later await");
            assertNull(c.answer(9, 200), "nothing answers a request never made");
        }
    }
}
