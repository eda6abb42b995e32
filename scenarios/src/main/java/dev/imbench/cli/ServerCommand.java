package dev.imbench.cli;

import dev.imbench.server.ImServer;
import dev.imbench.server.ServerConfig;
import dev.imbench.server.cluster.Role;
import dev.imbench.server.cluster.ServerNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code imbench server}: the reference server alone, until SIGTERM or Ctrl-C. */
@Command(name = "server", mixinStandardHelpOptions = true,
        description = {"Run the reference IM server alone.",
            "",
            "Gate over TCP, WebSocket and in-JVM, logic, embedded SSO, iplist and",
            "business API, on embedded back ends by default. It prints the addresses it",
            "listens on and stops cleanly on SIGTERM or Ctrl-C (sessions closed, buffered",
            "delivery acks flushed). Settings come from --config (YAML, keys as in",
            "reference-server/README.md) then --set; back ends by the keys of",
            "reference-server/README-backends.md (storage, routing, shards, ...).",
            "",
            "Split topology (reference-server/README-topology.md): --role logic runs the",
            "flows and listens for gates on linkPort; --role gate runs the client",
            "listeners and sends each user's frames to logicNodes[CRC32(uid) %% n].",
            "Both need storage=mysql, routing=redis and a gateId of their own."},
        footer = {"", "Examples:",
            "  imbench server --set tcpPort=7000 --set httpPort=8080 --set fanoutMode=read",
            "  B=\"--set storage=mysql --set routing=redis\"",
            "  imbench server --role logic --set gateId=logic-1 --set linkPort=7901 $B",
            "  imbench server --role gate --set gateId=gate-1 --set tcpPort=7000 \\",
            "      --set httpPort=8080 --set logicNodes=127.0.0.1:7901 $B"})
public final class ServerCommand implements Callable<Integer> {

    @Option(names = "--config", paramLabel = "FILE", description = "A YAML file of server settings (a mapping of key: value).")
    Path config;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "A server setting; repeatable; overrides --config.")
    Map<String, String> sets = new LinkedHashMap<>();

    @Option(names = "--role", paramLabel = "ROLE",
            description = "all (default: gate and logic in this process), gate or logic; same as --set role=ROLE.")
    String role;

    @Override
    public Integer call() throws Exception {
        ServerNode node;
        try {
            node = start();
        } catch (IllegalArgumentException | IllegalStateException e) {
            System.err.println("imbench: server: " + e.getMessage());
            return Imbench.EXIT_BROKEN;
        }
        ImServer server = node.server();
        ServerConfig cfg = server.config();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            node.close(); // graceful: sessions closed, buffered acks flushed, pools closed
            stopped.countDown();
        }, "imbench-server-shutdown"));
        Role r = server.cluster().role();
        if (r == Role.LOGIC) {
            System.out.println("imbench server: logic node " + cfg.gateId() + " listening");
            System.out.println("  link   " + hostPort(server.linkAddress()) + "  (gates connect here)");
        } else {
            System.out.println("imbench server: " + (r == Role.GATE ? "gate " : "gate and logic ") + cfg.gateId() + " listening");
            System.out.println("  tcp    " + hostPort(server.tcpAddress()));
            System.out.println("  ws     " + server.wsUri());
        }
        System.out.println("  http   " + hostPort(server.httpAddress()) + (r == Role.GATE
                ? "  (POST /sso/login, GET /iplist, GET /admin/metrics)"
                : "  (POST /sso/login, GET /iplist, POST /api/sendMsg, GET /admin/metrics)"));
        if (r != Role.GATE) {
            System.out.println("  api secret " + server.apiSecret() + (server.apiSecretGenerated()
                    ? "  (generated: set apiSecret to choose it; send Authorization: Bearer <secret> to /api/...)"
                    : "  (from apiSecret)"));
        }
        System.out.println("  sso    " + cfg.ssoMode() + "  (ssoMode: OPEN, LOOPBACK, CREDENTIAL or DISABLED)");
        if (r == Role.GATE) {
            System.out.println("  logic  " + server.cluster().logicNodes());
        } else if (r == Role.ALL) {
            System.out.println("  local  " + server.localAddress() + "  (in-JVM clients only)");
        }
        System.out.println("  fan-out " + cfg.fanoutMode() + "; stop with Ctrl-C or SIGTERM");
        System.out.flush();
        stopped.await();
        return Imbench.EXIT_PASSED;
    }

    /**
     * Starts the server from --config and --set.
     *
     * @throws IllegalArgumentException for a bad file or setting, naming it
     */
    ServerNode start() {
        Map<String, Object> values = new LinkedHashMap<>();
        if (config != null) {
            values.putAll(readYaml(config));
        }
        values.putAll(sets);
        if (role != null) {
            values.put("role", role);
        }
        return ServerNode.start(values);
    }

    private static String hostPort(java.net.InetSocketAddress a) {
        return a == null ? "(disabled)" : a.getHostString() + ":" + a.getPort();
    }

    private static Map<String, Object> readYaml(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            Object doc = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            if (doc == null) {
                return Map.of();
            }
            if (!(doc instanceof Map<?, ?> m)) {
                throw new IllegalArgumentException(file + ": expected a mapping of server settings");
            }
            Map<String, Object> out = new LinkedHashMap<>();
            m.forEach((k, v) -> out.put(String.valueOf(k), v));
            return out;
        } catch (NoSuchFileException e) {
            throw new IllegalArgumentException(file + ": no such file");
        } catch (IOException e) {
            throw new IllegalArgumentException(file + ": " + e.getMessage());
        } catch (org.yaml.snakeyaml.error.YAMLException e) {
            throw new IllegalArgumentException(file + ": not valid YAML: " + e.getMessage());
        }
    }
}
