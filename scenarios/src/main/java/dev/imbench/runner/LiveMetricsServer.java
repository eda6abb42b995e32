package dev.imbench.runner;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Supplier;

/**
 * The HTTP endpoint of {@code imbench run --metrics-port N}, on every interface for the run's length:
 * {@code GET /metrics} is the simulator's {@link LiveMetrics}; {@code GET /admin/metrics} the in-process
 * server's meters (the text its own {@code /admin/metrics} serves; 404 when the server runs elsewhere:
 * scrape that server). Both answer 503 until the clients exist. Port 0: no endpoint at all.
 */
final class LiveMetricsServer implements AutoCloseable {

    /** Prometheus text exposition format. */
    static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final HttpServer http;
    private final ExecutorService workers;
    private volatile Supplier<String> simulator;
    private volatile Supplier<String> server;

    private LiveMetricsServer(HttpServer http, ExecutorService workers) {
        this.http = http;
        this.workers = workers;
    }

    /**
     * Binds {@code port} (0: off, nothing is bound).
     *
     * @throws IOException when the port cannot be bound, saying which
     */
    static LiveMetricsServer open(int port) throws IOException {
        if (port == 0) {
            return new LiveMetricsServer(null, null);
        }
        HttpServer http;
        try {
            http = HttpServer.create(new InetSocketAddress(port), 16);
        } catch (BindException e) {
            throw new IOException("--metrics-port " + port + " cannot be bound (" + e.getMessage() + ")", e);
        }
        ExecutorService workers = Executors.newVirtualThreadPerTaskExecutor();
        LiveMetricsServer live = new LiveMetricsServer(http, workers);
        http.setExecutor(workers);
        http.createContext("/", live::handle);
        http.start();
        return live;
    }

    /** Whether an endpoint is bound. */
    boolean enabled() {
        return http != null;
    }

    /** The bound port (0 when off). */
    int port() {
        return http == null ? 0 : http.getAddress().getPort();
    }

    /** From now on serves {@code simulator} on /metrics and {@code server} (null: none here) on /admin/metrics. */
    void serve(Supplier<String> simulator, Supplier<String> server) {
        this.server = server;
        this.simulator = simulator;
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String path = ex.getRequestURI().getPath();
            if (!"GET".equals(ex.getRequestMethod()) && !"HEAD".equals(ex.getRequestMethod())) {
                reply(ex, 405, "GET only\n", "text/plain; charset=utf-8");
                return;
            }
            Supplier<String> source = switch (path) {
                case "/metrics" -> simulator;
                case "/admin/metrics" -> server;
                default -> null;
            };
            if (source != null) {
                reply(ex, 200, source.get(), CONTENT_TYPE);
            } else if (simulator == null && (path.equals("/metrics") || path.equals("/admin/metrics"))) {
                reply(ex, 503, "the run has not started its clients yet\n", "text/plain; charset=utf-8");
            } else {
                reply(ex, 404, path.equals("/admin/metrics")
                        ? "the server does not run in this process: scrape its own /admin/metrics\n"
                        : "not found: /metrics (simulator) and /admin/metrics (in-process server) are served\n",
                        "text/plain; charset=utf-8");
            }
        }
    }

    private static void reply(HttpExchange ex, int status, String body, String type) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        boolean head = "HEAD".equals(ex.getRequestMethod());
        ex.sendResponseHeaders(status, head ? -1 : bytes.length);
        if (!head) {
            try (OutputStream out = ex.getResponseBody()) {
                out.write(bytes);
            }
        }
    }

    @Override
    public void close() {
        if (http != null) {
            http.stop(0);
            workers.close();
        }
    }
}
