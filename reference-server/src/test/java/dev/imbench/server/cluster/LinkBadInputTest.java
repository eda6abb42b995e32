package dev.imbench.server.cluster;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.protocol.pb.LinkEnvelope;
import dev.imbench.server.ServerBackends;
import dev.imbench.server.ImServer;
import dev.imbench.server.ServerConfig;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A logic node's link port facing what is not a well-behaved gate: each bad peer is disconnected
 * (nothing reaches the logic) and the node goes on serving real gates.
 */
class LinkBadInputTest {

    private ImServer logic;

    @BeforeEach
    void start() {
        logic = ImServer.start(ServerConfig.builder().gateId("logic-1").build(), ServerBackends.inMemory(),
                Clock.systemUTC(), ClusterConfig.logic(0));
    }

    @AfterEach
    void stop() {
        logic.close();
    }

    private Socket dial() throws IOException {
        Socket s = new Socket("127.0.0.1", logic.linkAddress().getPort());
        s.setSoTimeout(5_000);
        return s;
    }

    private static void send(Socket s, LinkEnvelope e) throws IOException {
        byte[] body = e.toByteArray();
        DataOutputStream out = new DataOutputStream(s.getOutputStream());
        out.writeInt(body.length);
        out.write(body);
        out.flush();
    }

    /** Reads until the peer closes; true if it closed (EOF or reset) within the socket timeout. */
    private static boolean closedByPeer(Socket s) {
        try (InputStream in = s.getInputStream()) {
            return in.read() == -1;
        } catch (IOException e) {
            return !(e instanceof java.net.SocketTimeoutException);
        }
    }

    @Test
    void shouldDropALinkWhoseFirstEnvelopeIsNotHello() throws Exception {
        try (Socket s = dial()) {
            send(s, LinkEnvelope.newBuilder().setKind(LinkEnvelope.Kind.FRAME).setSessionId(1).build());
            assertTrue(closedByPeer(s), "a link must introduce itself first");
        }
        assertEquals(Set.of(), logic.linkedGates());
    }

    @Test
    void shouldDropALinkThatSendsBytesThatAreNotAnEnvelope() throws Exception {
        try (Socket s = dial()) {
            DataOutputStream out = new DataOutputStream(s.getOutputStream());
            out.writeInt(4);
            out.write(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
            out.flush();
            assertTrue(closedByPeer(s));
        }
    }

    @Test
    void shouldDropALinkAnnouncingAnEnvelopeOverTheLimitWithoutWaitingForIt() throws Exception {
        try (Socket s = dial()) {
            new DataOutputStream(s.getOutputStream()).writeInt(Integer.MAX_VALUE);
            assertTrue(closedByPeer(s), "an envelope over " + LinkCodec.MAX_ENVELOPE + " bytes is refused at once");
        }
    }

    @Test
    void shouldDropAHelloWithoutAGateIdAndStillLinkARealGate() throws Exception {
        try (Socket bad = dial()) {
            send(bad, LinkEnvelope.newBuilder().setKind(LinkEnvelope.Kind.HELLO).build());
            assertTrue(closedByPeer(bad));
        }
        try (Socket good = dial()) {
            send(good, LinkEnvelope.newBuilder().setKind(LinkEnvelope.Kind.HELLO).setGateId("gate-a").build());
            await().atMost(Duration.ofSeconds(5)).until(() -> logic.linkedGates().equals(Set.of("gate-a")));
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> logic.linkedGates().isEmpty());
    }
}
