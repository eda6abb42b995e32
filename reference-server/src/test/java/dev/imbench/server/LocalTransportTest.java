package dev.imbench.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.imbench.testsupport.WireClient;
import dev.imbench.protocol.pb.C2CPushRequest;
import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.PullRequest;
import dev.imbench.protocol.pb.PullResponse;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.local.LocalIoHandler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** In-JVM clients on LocalChannels reach the same gate as TCP clients. */
class LocalTransportTest {

    private ImServer server;
    private EventLoopGroup clients;

    @BeforeEach
    void start() {
        server = ImServer.start(ServerConfig.defaults());
        clients = new MultiThreadIoEventLoopGroup(1, LocalIoHandler.newFactory());
    }

    @AfterEach
    void stop() {
        server.close();
        clients.shutdownGracefully(0, 1, java.util.concurrent.TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void shouldDeliverBetweenLocalAndTcpClientsThroughTheSameGate() throws Exception {
        try (WireClient alice = WireClient.local(server.localAddress(), clients); WireClient bob = WireClient.tcp(server.tcpAddress())) {
            alice.login(server.tokens()::issue, "alice", DeviceType.ANDROID);
            bob.login(server.tokens()::issue, "bob", DeviceType.IOS);
            alice.send(CmdId.C2C_SEND_REQ, C2CSendRequest.newBuilder().setFrom("alice").setTo("bob")
                    .setContent("from the JVM").setClientMsgId(1).build());
            alice.await(CmdId.C2C_SEND_RESP);
            assertEquals("from the JVM", bob.await(CmdId.C2C_PUSH_REQ).bodyAs(C2CPushRequest.class).getContent());

            bob.send(CmdId.C2C_SEND_REQ, C2CSendRequest.newBuilder().setFrom("bob").setTo("alice")
                    .setContent("from TCP").setClientMsgId(1).build());
            assertEquals("from TCP", alice.await(CmdId.C2C_PUSH_REQ).bodyAs(C2CPushRequest.class).getContent());

            alice.send(CmdId.PULL_REQ, PullRequest.newBuilder().setOffset(0).build());
            assertEquals(1, alice.await(CmdId.PULL_RESP).bodyAs(PullResponse.class).getMsgsCount());
            assertEquals(2, server.sessionCount());
        }
    }
}
