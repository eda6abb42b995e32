package dev.imbench.chaos.proxy;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.testsupport.EchoServer;
import dev.imbench.chaos.toxic.Direction;
import dev.imbench.chaos.toxic.ToxicSpec;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketException;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ToxicProxyTest {

    private EventLoopGroup group;
    private EchoServer echo;
    private ToxicProxy proxy;

    @BeforeEach
    void start() throws IOException {
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        echo = new EchoServer();
        proxy = new ToxicProxy(group, new HostPort("127.0.0.1", 0), new HostPort("127.0.0.1", echo.port()), 42);
        proxy.start();
    }

    @AfterEach
    void stop() throws IOException {
        proxy.stop();
        echo.close();
        group.shutdownGracefully(0, 0, java.util.concurrent.TimeUnit.MILLISECONDS);
    }

    private Socket connect() throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), proxy.listen().port());
        s.setSoTimeout(5000);
        return s;
    }

    private static byte[] readN(InputStream in, int n) throws IOException {
        byte[] b = in.readNBytes(n);
        assertEquals(n, b.length, "short read");
        return b;
    }

    @Test
    void shouldRelayBytesUnchangedWithoutToxics() throws IOException {
        try (Socket s = connect()) {
            byte[] payload = "hello through the proxy".getBytes();
            s.getOutputStream().write(payload);
            assertArrayEquals(payload, readN(s.getInputStream(), payload.length));
        }
    }

    @Test
    void shouldRelayBulkTransferWithoutStallingUnderBackpressure() throws Exception {
        try (Socket s = connect()) {
            byte[] chunk = new byte[64 * 1024];
            int total = 8 * 1024 * 1024;
            var reader = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()
                .submit(() -> s.getInputStream().readNBytes(total).length);
            for (int sent = 0; sent < total; sent += chunk.length) {
                s.getOutputStream().write(chunk);
            }
            assertEquals(total, reader.get(10, java.util.concurrent.TimeUnit.SECONDS));
        }
    }

    @Test
    void shouldAddConfiguredLatencyToRoundTrip() throws IOException {
        proxy.setToxics(List.of(ToxicSpec.of("latency", Direction.DOWNSTREAM, Map.of("latency", 150L))));
        try (Socket s = connect()) {
            long t0 = System.nanoTime();
            s.getOutputStream().write(1);
            readN(s.getInputStream(), 1);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            // a lower bound only: an upper one flakes on a loaded machine (ToxicEffectsTest bounds it on a fake clock)
            assertTrue(ms >= 150, "round trip " + ms + " ms");
        }
    }

    @Test
    void shouldLimitRateToConfiguredBandwidth() throws IOException {
        proxy.setToxics(List.of(ToxicSpec.of("bandwidth", Direction.DOWNSTREAM, Map.of("rate", 100L))));
        try (Socket s = connect()) {
            byte[] payload = new byte[40_000];
            long t0 = System.nanoTime();
            s.getOutputStream().write(payload);
            readN(s.getInputStream(), payload.length);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            // 40 KB at 100 KB/s = 400 ms, sent in 100 ms slices starting at once: at least 300 ms
            assertTrue(ms >= 300, "40 KB took " + ms + " ms");
        }
    }

    @Test
    void shouldSeeConnectionResetOnResetPeer() throws IOException {
        proxy.setToxics(List.of(ToxicSpec.of("reset_peer", Direction.UPSTREAM, Map.of("timeout", 50L))));
        try (Socket s = connect()) {
            s.getOutputStream().write(new byte[] {1, 2, 3});
            SocketException e = assertThrows(SocketException.class, () -> s.getInputStream().read());
            assertTrue(e.getMessage().toLowerCase().contains("reset"), e.getMessage());
        }
    }

    @Test
    void shouldCloseAfterExactlyLimitBytes() throws IOException {
        proxy.setToxics(List.of(ToxicSpec.of("limit_data", Direction.DOWNSTREAM, Map.of("bytes", 10L))));
        try (Socket s = connect()) {
            s.getOutputStream().write(new byte[30]);
            byte[] got = s.getInputStream().readAllBytes();
            assertEquals(10, got.length);
        }
    }

    @Test
    void shouldDropDataAndCloseOnTimeout() throws IOException {
        proxy.setToxics(List.of(ToxicSpec.of("timeout", Direction.DOWNSTREAM, Map.of("timeout", 200L))));
        try (Socket s = connect()) {
            long t0 = System.nanoTime();
            s.getOutputStream().write(new byte[] {1, 2, 3});
            byte[] got = s.getInputStream().readAllBytes();
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertEquals(0, got.length, "timeout must drop data");
            assertTrue(ms >= 150, "closed after " + ms + " ms");
        }
    }

    @Test
    void shouldCutSlicesWithoutChangingBytes() throws IOException {
        proxy.setToxics(List.of(new ToxicSpec("s", "slicer", Direction.DOWNSTREAM, 1.0,
            Map.of("average_size", 7L, "size_variation", 3L, "delay", 2000L))));
        try (Socket s = connect()) {
            byte[] payload = new byte[500];
            for (int i = 0; i < payload.length; i++) {
                payload[i] = (byte) i;
            }
            long t0 = System.nanoTime();
            s.getOutputStream().write(payload);
            assertArrayEquals(payload, readN(s.getInputStream(), payload.length));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            // at least 50 pieces of at most 10 bytes, 2 ms apart: the slicer must have spent 98 ms
            assertTrue(ms >= 98, "500 bytes in pieces of 7 ± 3 with 2 ms gaps arrived after " + ms + " ms");
        }
    }

    @Test
    void shouldKeepOrderUnderJitter() throws IOException {
        proxy.setToxics(List.of(ToxicSpec.of("latency", Direction.UPSTREAM, Map.of("latency", 200L, "jitter", 150L))));
        try (Socket s = connect()) {
            long t0 = System.nanoTime();
            ByteArrayOutputStream sent = new ByteArrayOutputStream();
            for (int i = 0; i < 50; i++) {
                byte[] b = {(byte) i, (byte) (i * 3)};
                s.getOutputStream().write(b);
                s.getOutputStream().flush();
                sent.write(b);
            }
            assertArrayEquals(sent.toByteArray(), readN(s.getInputStream(), sent.size()));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            // 50 delays drawn from 50..350 ms: the last byte waits for the largest (below 200 ms for
            // all 50 only with probability 2^-50), so a toxic that did nothing fails here
            assertTrue(ms >= 200, "50 jittered chunks delivered after " + ms + " ms");
        }
    }

    @Test
    void shouldCloseOpenConnectionsAndListenerWhenStopped() throws IOException {
        try (Socket s = connect()) {
            s.getOutputStream().write(1);
            readN(s.getInputStream(), 1);
            proxy.stop();
            assertEquals(-1, s.getInputStream().read());
            assertFalse(proxy.isEnabled());
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(3)).until(this::refused);
        }
    }

    @Test
    void shouldHoldDataDuringBlackoutAndDeliverItAfterwards() throws IOException {
        proxy.setToxics(List.of(ToxicSpec.of("blackout", Direction.DOWNSTREAM, Map.of("duration", 200L))));
        try (Socket s = connect()) {
            byte[] payload = "held, not lost".getBytes();
            long t0 = System.nanoTime();
            s.getOutputStream().write(payload);
            assertArrayEquals(payload, readN(s.getInputStream(), payload.length));
            long ms = (System.nanoTime() - t0) / 1_000_000;
            assertTrue(ms >= 150, "delivered after " + ms + " ms");
        }
    }

    @Test
    void shouldHangAtZeroBandwidthAndDeliverHeldDataWhenToxicRemoved() throws IOException {
        proxy.setToxics(List.of(ToxicSpec.of("bandwidth", Direction.DOWNSTREAM, Map.of("rate", 0L))));
        try (Socket s = connect()) {
            s.setSoTimeout(300);
            s.getOutputStream().write(new byte[] {4, 5, 6});
            assertThrows(java.net.SocketTimeoutException.class, () -> s.getInputStream().read());
            proxy.setToxics(List.of());
            s.setSoTimeout(5000);
            assertArrayEquals(new byte[] {4, 5, 6}, readN(s.getInputStream(), 3));
        }
    }

    @Test
    void shouldDelayServerCloseBySlowClose() throws IOException {
        try (java.net.ServerSocket closer = new java.net.ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
            Thread.ofVirtual().start(() -> {
                try (Socket c = closer.accept()) {
                    c.getOutputStream().write(9); // then close at once
                } catch (IOException e) {
                    // test failed to connect; its assertion reports it
                }
            });
            proxy.reconfigure(proxy.listen(), new HostPort("127.0.0.1", closer.getLocalPort()));
            proxy.setToxics(List.of(ToxicSpec.of("slow_close", Direction.DOWNSTREAM, Map.of("delay", 200L))));
            try (Socket s = connect()) {
                long t0 = System.nanoTime();
                assertEquals(9, s.getInputStream().read());
                assertEquals(-1, s.getInputStream().read());
                long ms = (System.nanoTime() - t0) / 1_000_000;
                assertTrue(ms >= 180, "close seen after " + ms + " ms");
            }
        }
    }

    private boolean refused() {
        try (Socket s = connect()) {
            return s.getLocalPort() == s.getPort(); // a TCP self-connect is not the proxy listening
        } catch (IOException e) {
            return true;
        }
    }

    @Test
    void shouldFailClearlyWhenListenPortInUse() {
        ToxicProxy other = new ToxicProxy(group, proxy.listen(), new HostPort("127.0.0.1", echo.port()), 1);
        IllegalStateException e = assertThrows(IllegalStateException.class, other::start);
        assertTrue(e.getMessage().contains("cannot listen"), e.getMessage());
    }
}
