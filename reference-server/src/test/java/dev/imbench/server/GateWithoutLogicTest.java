package dev.imbench.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.imbench.testsupport.WireClient;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.AuthRequest;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.ErrorCode;
import dev.imbench.protocol.pb.ErrorResponse;
import dev.imbench.protocol.pb.Keepalive;
import dev.imbench.server.cluster.ClusterConfig;
import java.net.ServerSocket;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A gate whose logic node is not up: clients get a clear "retry later", keepalives still work. */
class GateWithoutLogicTest {

    @Test
    void shouldAnswerOverloadedWhileItsLogicNodeIsUnreachable() throws Exception {
        int deadPort;
        try (ServerSocket s = new ServerSocket(0)) {
            deadPort = s.getLocalPort(); // free again once closed: nothing listens there
        }
        ClusterConfig cluster = ClusterConfig.gate(List.of(new ClusterConfig.LinkAddress("127.0.0.1", deadPort)));
        try (ImServer gate = ImServer.start(ServerConfig.builder().gateId("gate-a").build(), ServerBackends.inMemory(),
                Clock.systemUTC(), cluster); WireClient alice = WireClient.tcp(gate.tcpAddress())) {
            assertFalse(gate.linkedToLogic());
            int seq = alice.send(CmdId.AUTH_REQ, AuthRequest.newBuilder().setUid("alice")
                    .setToken(gate.tokens().issue("alice", DeviceType.IOS)).build());
            Frame err = alice.await(CmdId.ERROR_RESP);
            assertEquals(seq, err.seq());
            ErrorResponse body = err.bodyAs(ErrorResponse.class);
            assertEquals(ErrorCode.ERR_OVERLOADED, body.getCode());
            assertEquals("logic node for this user is unreachable, retry later", body.getMessage());
            int k = alice.send(CmdId.KEEPALIVE_REQ, Keepalive.getDefaultInstance());
            assertEquals(k, alice.await(CmdId.KEEPALIVE_RESP).seq(), "the gate itself keeps answering");
        }
    }
}
