package dev.imbench.cli;

import dev.imbench.chaos.api.ToxiproxyServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code imbench toxiproxy}: the embedded Toxiproxy-API server alone. */
@Command(name = "toxiproxy", mixinStandardHelpOptions = true,
        description = {"Run the embedded Toxiproxy-compatible server alone.",
            "",
            "The same HTTP API as Toxiproxy",
            "(GET/POST /proxies, /populate, toxics, /reset, /version, /metrics), so toxiproxy-cli,",
            "toxiproxy-java or curl drive it as they drive the real one. Toxicity and jitter draws come",
            "from --seed. Stop with Ctrl-C or SIGTERM. See chaos/README.md for the API and toxics."},
        footer = {"", "Example:", "  imbench toxiproxy --port 8474 &",
            "  curl -XPOST localhost:8474/proxies -d '{\"name\":\"gate\",\"listen\":\"127.0.0.1:7001\",\"upstream\":\"127.0.0.1:7000\"}'"})
public final class ToxiproxyCommand implements Callable<Integer> {

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Address to bind (default: ${DEFAULT-VALUE}).")
    String host;

    @Option(names = "--port", defaultValue = "8474", description = "API port, 0 for any free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of every random draw (default: ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws InterruptedException {
        ToxiproxyServer server;
        try {
            server = ToxiproxyServer.start(host, port, seed);
        } catch (IllegalStateException e) {
            System.err.println("imbench: toxiproxy: " + e.getMessage());
            return Imbench.EXIT_BROKEN;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "imbench-toxiproxy-shutdown"));
        System.out.println("imbench toxiproxy: API on http://" + host + ":" + server.port() + " (seed " + seed
                + "); stop with Ctrl-C or SIGTERM");
        System.out.flush();
        stopped.await();
        return Imbench.EXIT_PASSED;
    }
}
