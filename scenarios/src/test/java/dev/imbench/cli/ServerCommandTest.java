package dev.imbench.cli;

import static org.junit.jupiter.api.Assertions.*;

import dev.imbench.protocol.BlockingFrameChannel;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.AuthRequest;
import dev.imbench.protocol.pb.AuthResponse;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.Keepalive;
import dev.imbench.server.FanoutMode;
import dev.imbench.server.ImServer;
import dev.imbench.server.cluster.ServerNode;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServerCommandTest {

    private static ServerCommand parse(String... args) {
        ServerCommand c = new ServerCommand();
        new CommandLine(c).parseArgs(args);
        return c;
    }

    @Test
    void shouldStartFromConfigAndSetsAndAnswerAClient(@TempDir Path dir) throws Exception {
        Path yaml = dir.resolve("server.yaml");
        Files.writeString(yaml, "fanoutMode: read\ntcpPort: 0\n");
        try (ServerNode node = parse("--config", yaml.toString(), "--set", "wsPort=-1").start()) {
            ImServer server = node.server();
            assertEquals(FanoutMode.READ, server.config().fanoutMode());
            assertNull(server.wsUri(), "wsPort=-1 disables the WebSocket listener");
            try (Socket s = new Socket(server.tcpAddress().getAddress(), server.tcpAddress().getPort())) {
                BlockingFrameChannel ch = BlockingFrameChannel.of(s);
                ch.write(Frame.of(CmdId.KEEPALIVE_REQ, 1, Keepalive.getDefaultInstance()));
                assertEquals(CmdId.KEEPALIVE_RESP, ch.read().cmd());
                String token = server.tokens().issue("alice", DeviceType.IOS);
                ch.write(Frame.of(CmdId.AUTH_REQ, 2, AuthRequest.newBuilder().setUid("alice").setToken(token)
                        .setDeviceType(DeviceType.IOS).build()));
                Frame answer = ch.read();
                assertEquals(2, answer.seq());
                assertEquals(AuthResponse.Status.OK, answer.bodyAs(AuthResponse.class).getStatus());
            }
        }
    }

    @Test
    void shouldExitTwoNamingABadSettingOrFile(@TempDir Path dir) {
        assertEquals(2, Imbench.commandLine().execute("server", "--set", "colour=blue"));
        assertEquals(2, Imbench.commandLine().execute("server", "--config", dir.resolve("missing.yaml").toString()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> parse("--set", "colour=blue").start());
        assertTrue(e.getMessage().contains("colour"), e.getMessage());
        assertEquals(2, Imbench.commandLine().execute("server", "--role", "gate", "--set", "gateId=g1"),
                "a gate without logic nodes is refused");
        e = assertThrows(IllegalArgumentException.class, () -> parse("--role", "logic").start());
        assertTrue(e.getMessage().contains("routing: redis and storage: mysql"), e.getMessage());
    }
}
