package dev.imbench.chaos.proxy;

import static org.junit.jupiter.api.Assertions.*;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.DataInputStream;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** Megabytes through a toxic-free proxy to a sink that answers each block: nothing stalls. */
class ToxicProxyBulkTest {

    private static final int BLOCK = 1 << 20;

    @Test
    void shouldCarryBulkBlocksBothWaysWithoutStalling() throws Exception {
        EventLoopGroup group = new MultiThreadIoEventLoopGroup(2, NioIoHandler.newFactory());
        try (ServerSocket sink = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket s = sink.accept()) {
                    DataInputStream in = new DataInputStream(s.getInputStream());
                    byte[] block = new byte[BLOCK];
                    while (true) {
                        in.readFully(block);
                        s.getOutputStream().write(1);
                        s.getOutputStream().flush();
                    }
                } catch (Exception end) {
                    // the client closed: done
                }
            });
            ToxicProxy proxy = new ToxicProxy(group, new HostPort("127.0.0.1", 0), new HostPort("127.0.0.1", sink.getLocalPort()), 1);
            proxy.start();
            try (Socket c = new Socket("127.0.0.1", proxy.listen().port())) {
                c.setSoTimeout(10_000);
                byte[] block = new byte[BLOCK];
                InputStream in = c.getInputStream();
                assertTimeoutPreemptively(Duration.ofSeconds(30), () -> {
                    for (int i = 0; i < 50; i++) {
                        c.getOutputStream().write(block);
                        c.getOutputStream().flush();
                        assertEquals(1, in.read(), "ack of block " + i);
                    }
                });
            } finally {
                proxy.stop();
            }
        } finally {
            group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        }
    }
}
