package dev.imbench.serverfault;

import dev.imbench.cli.Imbench;
import dev.imbench.server.cluster.ServerNode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A node started as its own JVM, {@code imbench server --role R --set k=v …} on this JVM's java and
 * class path, as an operator runs one. It is ready once it printed its addresses; its kill is a real
 * SIGKILL ({@link Process#destroyForcibly()}): the kernel closes its sockets, nothing runs in it after.
 * A JVM shutdown hook kills it too, so no node outlives the run.
 */
final class ChildNode implements RunningNode {

    /** Heap of one node's JVM. */
    static final String HEAP = "-Xmx768m";
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final int KEEP_LINES = 60;
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String id;
    private final Process process;
    private final Thread killOnExit;
    private final Deque<String> output = new ArrayDeque<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private final Map<String, Object> pins = new ConcurrentHashMap<>();

    private ChildNode(String id, Process process) {
        this.id = id;
        this.process = process;
        this.killOnExit = new Thread(process::destroyForcibly, "imbench-node-kill-" + id);
        Runtime.getRuntime().addShutdownHook(killOnExit);
        Thread.ofVirtual().name("imbench-node-out-" + id).start(this::readOutput);
    }

    /**
     * Starts {@code imbench server} with {@code settings} (role, gateId and every other key as
     * {@code --set}) and waits until it listens.
     *
     * @throws IllegalStateException when it exits or stays silent first (with what it printed)
     */
    static ChildNode start(Map<String, Object> settings) throws InterruptedException {
        String id = String.valueOf(settings.get("gateId"));
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add(HEAP);
        if (Runtime.version().feature() >= 23) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Imbench.class.getName());
        cmd.add("server");
        settings.forEach((k, v) -> {
            cmd.add("--set");
            cmd.add(k + "=" + v);
        });
        Process p;
        try {
            p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + id + " as a process: " + e.getMessage(), e);
        }
        ChildNode n = new ChildNode(id, p);
        if (!n.ready.await(START_TIMEOUT.toSeconds(), TimeUnit.SECONDS) || !p.isAlive()) {
            n.kill();
            throw new IllegalStateException(id + " did not start as a process (" + (p.isAlive() ? "silent for "
                    + START_TIMEOUT.toSeconds() + " s" : "exit " + p.exitValue()) + "); it printed: " + n.printed());
        }
        return n;
    }

    private void readOutput() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                remember(line);
                String t = line.trim();
                if (t.startsWith("tcp ")) {
                    pins.put("tcpPort", port(t.substring(3)));
                } else if (t.startsWith("http ")) {
                    pins.put("httpPort", port(t.substring(4)));
                } else if (t.startsWith("link ")) {
                    pins.put("linkPort", port(t.substring(4)));
                } else if (t.startsWith("ws ") && !t.endsWith("null")) {
                    pins.put("wsPort", URI.create(t.substring(2).trim()).getPort());
                } else if (t.startsWith("api secret ")) {
                    pins.put("apiSecret", t.substring("api secret ".length()).trim().split("\\s+")[0]);
                } else if (t.startsWith("fan-out")) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            remember("(output unreadable: " + e.getMessage() + ")");
        } finally {
            ready.countDown();
        }
    }

    private static int port(String hostPort) {
        String hp = hostPort.trim().split("\\s+")[0];
        return Integer.parseInt(hp.substring(hp.lastIndexOf(':') + 1));
    }

    private synchronized void remember(String line) {
        output.addLast(line);
        if (output.size() > KEEP_LINES) {
            output.removeFirst();
        }
    }

    private synchronized String printed() {
        return String.join(" | ", output);
    }

    /** Its process id. */
    long pid() {
        return process.pid();
    }

    @Override
    public Optional<ServerNode> inProcess() {
        return Optional.empty();
    }

    @Override
    public Map<String, Object> pins() {
        return Map.copyOf(pins);
    }

    @Override
    public String metrics() {
        Object http = pins.get("httpPort");
        if (http == null || !process.isAlive()) {
            return "";
        }
        try {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http + "/admin/metrics"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? r.body() : "";
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** Polls its {@code imbench_logic_links_up} gauge (a gate's; other roles have none and are linked at once). */
    @Override
    public boolean awaitLinked(Duration timeout) throws InterruptedException {
        if (!pins.containsKey("tcpPort") || pins.containsKey("linkPort")) {
            return true;
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (metrics().lines().anyMatch(l -> l.matches("imbench_logic_links_up\\s+1(\\.0)?"))) {
                return true;
            }
            if (!process.isAlive()) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(50);
        }
        return false;
    }

    @Override
    public String kill() {
        process.destroyForcibly();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                throw new IllegalStateException(id + " (pid " + process.pid() + ") did not die within 10 s of SIGKILL");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        forget();
        return "process " + process.pid() + " SIGKILLed";
    }

    @Override
    public void close() {
        ChildProcesses.stop(process);
        forget();
    }

    private void forget() {
        try {
            Runtime.getRuntime().removeShutdownHook(killOnExit);
        } catch (IllegalStateException e) {
            // the JVM is shutting down: the hook runs anyway (the process is gone already)
        }
    }

    @Override
    public String toString() {
        return id + " (pid " + process.pid() + ", " + (process.isAlive() ? "running" : "dead").toLowerCase(Locale.ROOT) + ")";
    }
}
