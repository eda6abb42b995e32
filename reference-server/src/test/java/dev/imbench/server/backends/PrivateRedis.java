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
 * A private {@code redis-server} for tests that stop and restart Redis (never the shared one): on a free
 * port, without persistence ({@code --save "" --appendonly no}), so a restart comes back empty. Skipped
 * with the reason when the binary is missing, failing under {@code CI=true}. Close it in {@code @AfterEach}.
 */
public final class PrivateRedis implements AutoCloseable {

    /** The binary, {@code IMBENCH_REDIS_SERVER} or {@code /usr/bin/redis-server}. */
    public static final Path BINARY = Path.of(System.getenv().getOrDefault("IMBENCH_REDIS_SERVER",
            "/usr/bin/redis-server"));
    private static final Duration START_WAIT = Duration.ofSeconds(10);

    private final int port;
    private Process process;

    private PrivateRedis(int port) {
        this.port = port;
    }

    /** Starts one on a free port and waits until it accepts connections. */
    public static PrivateRedis start() throws IOException, InterruptedException {
        LiveServices.require(Files.isExecutable(BINARY) ? null : "no redis-server at " + BINARY);
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        PrivateRedis r = new PrivateRedis(port);
        r.restart();
        return r;
    }

    /** The port. */
    public int port() {
        return port;
    }

    /** Its URI. */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** Kills the server (SIGKILL: no shutdown, no save) and waits until it is gone. */
    public void kill() {
        if (process != null) {
            process.destroyForcibly().onExit().join();
            process = null;
        }
    }

    /** Starts it (again) on the same port, empty, and waits until it accepts connections. */
    public void restart() throws IOException, InterruptedException {
        kill();
        process = new ProcessBuilder(List.of(BINARY.toString(), "--port", Integer.toString(port), "--bind",
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

    /** Kills the server. */
    @Override
    public void close() {
        kill();
    }
}
