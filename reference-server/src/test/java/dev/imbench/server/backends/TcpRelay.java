package dev.imbench.server.backends;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A loopback TCP relay to a service, which a test can cut ({@link #stop()}: listener closed and every
 * relayed connection reset) and restore on the same port ({@link #start()}), to make MySQL
 * unreachable and reachable again.
 */
public final class TcpRelay implements AutoCloseable {

    private final String targetHost;
    private final int targetPort;
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private volatile ServerSocket listener;
    private int port;

    /** A relay to {@code host:port}; call {@link #start()}. */
    public TcpRelay(String host, int port) {
        this.targetHost = host;
        this.targetPort = port;
    }

    /** The local port (stable across stop/start). */
    public int port() {
        return port;
    }

    /** Starts accepting (first on an ephemeral port, later on the same one). */
    public synchronized void start() throws IOException {
        ServerSocket ss = new ServerSocket();
        ss.setReuseAddress(true);
        ss.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
        port = ss.getLocalPort();
        listener = ss;
        Thread.ofVirtual().name("relay-accept").start(() -> acceptLoop(ss));
    }

    private void acceptLoop(ServerSocket ss) {
        while (!ss.isClosed()) {
            try {
                Socket client = ss.accept();
                Socket upstream = new Socket(targetHost, targetPort);
                sockets.add(client);
                sockets.add(upstream);
                pump(client, upstream);
                pump(upstream, client);
            } catch (IOException e) {
                return; // listener closed
            }
        }
    }

    private void pump(Socket from, Socket to) {
        Thread.ofVirtual().name("relay-pump").start(() -> {
            byte[] buf = new byte[16 * 1024];
            try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    out.write(buf, 0, n);
                }
            } catch (IOException e) {
                // connection cut
            } finally {
                closeQuietly(from);
                closeQuietly(to);
            }
        });
    }

    /** Cuts the service off: no new connections, every open one reset. */
    public synchronized void stop() {
        ServerSocket ss = listener;
        if (ss != null) {
            closeQuietly(ss);
        }
        for (Socket s : sockets) {
            try {
                s.setSoLinger(true, 0);
            } catch (IOException ignored) {
                // already closed
            }
            closeQuietly(s);
        }
        sockets.clear();
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception ignored) {
            // best effort
        }
    }

    @Override
    public void close() {
        stop();
    }
}
