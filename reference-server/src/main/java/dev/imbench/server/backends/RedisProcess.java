package dev.imbench.server.backends;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A private {@code redis-server} child process, for whoever must stop and restart Redis (a scenario's
 * {@code restart-redis}, tests; never the shared one): loopback, a free port, no persistence
 * ({@code --save "" --appendonly no}), so a restart comes back empty, as a replaced cache node does.
 */
public final class RedisProcess implements AutoCloseable {

    /** The binary: {@code IMBENCH_REDIS_SERVER}, else {@code redis-server} on the usual path. */
    public static Path binary() {
        return Path.of(System.getenv().getOrDefault("IMBENCH_REDIS_SERVER", "/usr/bin/redis-server"));
    }

    private static final Duration START_WAIT = Duration.ofSeconds(10);

    private final int port;
    private Process process;

    private RedisProcess(int port) {
        this.port = port;
    }

    /**
     * Starts one on a free port and waits until it answers.
     *
     * @throws IOException when the binary is missing or the server does not come up
     */
    public static RedisProcess start() throws IOException, InterruptedException {
        if (!Files.isExecutable(binary())) {
            throw new IOException("no redis-server binary at " + binary()
                    + " (set IMBENCH_REDIS_SERVER to another path)");
        }
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        RedisProcess r = new RedisProcess(port);
        r.startProcess();
        return r;
    }

    /** Its URI. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Whether the process is running. */
    public synchronized boolean running() {
        return process != null && process.isAlive();
    }

    /** Kills it (SIGKILL: no shutdown, no save) and waits until it is gone; new connections are refused. */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly().onExit().join();
            process = null;
        }
    }

    /** Starts it again on the same port, empty, and waits until it answers. */
    public synchronized void restart() throws IOException, InterruptedException {
        kill();
        startProcess();
    }

    private void startProcess() throws IOException, InterruptedException {
        process = new ProcessBuilder(List.of(binary().toString(), "--port", Integer.toString(port), "--bind",
                "127.0.0.1", "--save", "", "--appendonly", "no"))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        long deadline = System.nanoTime() + START_WAIT.toNanos();
        while (!accepts()) {
            if (!process.isAlive() || System.nanoTime() > deadline) {
                kill();
                throw new IOException("redis-server did not start on port " + port);
            }
            process.waitFor(20, TimeUnit.MILLISECONDS);
        }
    }

    private boolean accepts() {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public void close() {
        kill();
    }
}
