package dev.imbench.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code imbench server} in a child JVM (this test JVM's java and class path), with the addresses it
 * prints once it listens. Everything it prints is kept for failure messages.
 */
final class NodeProcess implements AutoCloseable {

    private final String name;
    private final Process process;
    private final List<String> output = new CopyOnWriteArrayList<>();
    private final CountDownLatch ready = new CountDownLatch(1);
    private volatile String tcp;
    private volatile String http;
    private volatile String link;

    private NodeProcess(String name, Process process) {
        this.name = name;
        this.process = process;
        Thread.ofVirtual().name("out-" + name).start(this::readOutput);
    }

    /** Starts {@code imbench server --role role --set k=v ...} and waits until it prints its addresses. */
    static NodeProcess start(String name, String role, Map<String, Object> settings) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElse("java"));
        cmd.add("-Xmx256m");
        cmd.add("-XX:TieredStopAtLevel=1");
        if (Runtime.version().feature() >= 23) {
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(Imbench.class.getName());
        cmd.add("server");
        cmd.add("--role");
        cmd.add(role);
        settings.forEach((k, v) -> {
            cmd.add("--set");
            cmd.add(k + "=" + v);
        });
        NodeProcess p = new NodeProcess(name, new ProcessBuilder(cmd).redirectErrorStream(true).start());
        if (!p.ready.await(60, TimeUnit.SECONDS)) {
            p.close();
            throw new IllegalStateException(name + " did not start within 60 s; it printed: " + p.output);
        }
        if (!p.process.isAlive() && p.tcp == null && p.link == null) {
            throw new IllegalStateException(name + " exited " + p.process.waitFor() + "; it printed: " + p.output);
        }
        return p;
    }

    private void readOutput() {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                output.add(line);
                String t = line.trim();
                if (t.startsWith("tcp ")) {
                    tcp = t.substring(3).trim();
                } else if (t.startsWith("http ")) {
                    http = t.substring(4).trim().split("\\s+")[0];
                } else if (t.startsWith("link ")) {
                    link = t.substring(4).trim().split("\\s+")[0];
                } else if (t.startsWith("fan-out")) {
                    ready.countDown();
                }
            }
        } catch (IOException e) {
            output.add("(output unreadable: " + e + ")");
        } finally {
            ready.countDown();
        }
    }

    /** {@code host:port} of its TCP gate listener. */
    String tcp() {
        return tcp;
    }

    /** {@code host:port} of its HTTP API. */
    String http() {
        return http;
    }

    /** {@code host:port} of a logic node's link listener. */
    String link() {
        return link;
    }

    /** What it printed so far. */
    List<String> output() {
        return List.copyOf(output);
    }

    /** SIGKILL: the process dies without closing anything (a crashed gate). */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }

    /** SIGTERM and wait (graceful stop), SIGKILL after 10 s. */
    @Override
    public void close() {
        dev.imbench.serverfault.ChildProcesses.stop(process);
    }

    @Override
    public String toString() {
        return name;
    }
}
