package dev.imbench.bench.chaos;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Loopback upstreams for the proxy benchmarks, on virtual threads: an echo server, and a bulk
 * sink that reads a fixed-size block and answers one byte per block.
 */
final class LoopbackServers implements AutoCloseable {
    private final ServerSocket echo;
    private final ServerSocket sink;
    private final int block;

    LoopbackServers(int block) throws IOException {
        this.block = block;
        echo = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        sink = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().start(() -> accept(echo, true));
        Thread.ofVirtual().start(() -> accept(sink, false));
    }

    int echoPort() {
        return echo.getLocalPort();
    }

    int sinkPort() {
        return sink.getLocalPort();
    }

    private void accept(ServerSocket server, boolean isEcho) {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                s.setTcpNoDelay(true);
                Thread.ofVirtual().start(() -> serve(s, isEcho));
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket s, boolean isEcho) {
        byte[] buf = new byte[64 * 1024];
        try (s; InputStream in = s.getInputStream(); OutputStream out = s.getOutputStream()) {
            long got = 0;
            for (int n; (n = in.read(buf)) > 0;) {
                if (isEcho) {
                    out.write(buf, 0, n);
                    continue;
                }
                got += n;
                while (got >= block) {
                    got -= block;
                    out.write(1);
                }
            }
        } catch (IOException e) {
            // connection closed by the benchmark
        }
    }

    @Override
    public void close() throws IOException {
        echo.close();
        sink.close();
    }
}
