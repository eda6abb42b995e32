package dev.imbench.serverfault;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Ports for a node that is killed and started again on the same ports. An ephemeral port (port 0) comes from the
 * kernel's local port range, which is also where outgoing connections take their source ports: while the node is
 * dead, a client reconnecting elsewhere can get its port as a source port, and the restart fails with "Address
 * already in use" (gate-failover at 2000 clients). So a node's unset ports are chosen below that range: the first
 * free ones from a start that depends on the process id, so that runs starting at once on one machine (a port is
 * probed free, then bound by the node a moment later) rarely look at the same ports.
 */
final class StablePorts {

    /** The lowest port chosen. */
    static final int FIRST = 20_000;
    /** Search starts per process: {@link #FIRST} + (pid mod this) × {@link #STRIDE}. */
    private static final int STARTS = 120;
    private static final int STRIDE = 100;
    /** The start of the local port range when the kernel does not say (Linux's default). */
    static final int DEFAULT_EPHEMERAL_LOW = 32_768;
    private static final List<String> KEYS = List.of("tcpPort", "wsPort", "httpPort", "linkPort");

    private StablePorts() {
    }

    /**
     * Replaces every port setting of {@code settings} that is 0 (and the gate port of a node that has one, when
     * unset) with a free port below the local port range; leaves it unchanged when none is free.
     */
    static void pin(Map<String, Object> settings) {
        List<String> wanted = new ArrayList<>();
        for (String k : KEYS) {
            if (String.valueOf(settings.get(k)).equals("0")) {
                wanted.add(k);
            }
        }
        if (!settings.containsKey("tcpPort") && !"logic".equals(String.valueOf(settings.get("role")))) {
            wanted.add("tcpPort");
        }
        List<ServerSocket> held = new ArrayList<>();
        try {
            int end = ephemeralLow();
            int next = Math.min(FIRST + (int) (ProcessHandle.current().pid() % STARTS) * STRIDE, end - 1);
            for (String k : wanted) {
                for (; next < end; next++) {
                    ServerSocket s = tryBind(next);
                    if (s != null) {
                        held.add(s);
                        settings.put(k, next++);
                        break;
                    }
                }
            }
        } finally {
            for (ServerSocket s : held) {
                try {
                    s.close();
                } catch (IOException ignored) {
                    // closing a probe socket
                }
            }
        }
    }

    private static ServerSocket tryBind(int port) {
        try {
            return new ServerSocket(port); // the wildcard address: free on every interface
        } catch (IOException taken) {
            return null;
        }
    }

    /** The first port of the kernel's local (ephemeral) port range. */
    static int ephemeralLow() {
        try {
            // read line by line: the file reports a size smaller than its text, which Files.readString trusts
            String[] range = Files.readAllLines(Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim()
                    .split("\\s+");
            return Integer.parseInt(range[0]);
        } catch (IOException | RuntimeException e) {
            return DEFAULT_EPHEMERAL_LOW;
        }
    }
}
