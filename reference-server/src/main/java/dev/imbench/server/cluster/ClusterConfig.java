package dev.imbench.server.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A process's place in the topology, read from the keys {@code role}, {@code linkPort} and
 * {@code logicNodes} of the same settings map as {@code ServerConfig} ({@link #serverKeys} strips them).
 *
 * @param role       ALL (default), GATE or LOGIC
 * @param linkHost   LOGIC: the address the link listener binds
 * @param linkPort   LOGIC: the port gates connect to (0 = any free port)
 * @param logicNodes GATE: every logic node's link address ({@code host:port}); a gate connects to all
 *                   and sends a user's frames to {@code logicNodes[CRC32(uid) % size]}
 */
public record ClusterConfig(Role role, String linkHost, int linkPort, List<LinkAddress> logicNodes) {

    /** The settings keys read here. */
    public static final Set<String> KEYS = Set.of("role", "linkHost", "linkPort", "logicNodes");

    /** Default link port of a logic node. */
    public static final int DEFAULT_LINK_PORT = 7900;

    /** Validates: a gate needs logic nodes, the others take none. */
    public ClusterConfig {
        logicNodes = List.copyOf(logicNodes);
        if (role == Role.GATE && logicNodes.isEmpty()) {
            throw new IllegalArgumentException("role gate needs logicNodes (host:port of every logic node's link)");
        }
        if (role != Role.GATE && !logicNodes.isEmpty()) {
            throw new IllegalArgumentException("logicNodes is only for role gate (this is role " + lower(role) + ")");
        }
        if (linkPort < 0 || linkPort > 65535) {
            throw new IllegalArgumentException("linkPort must be in 0..65535, got " + linkPort);
        }
    }

    /** The in-process topology (no link). */
    public static ClusterConfig standalone() {
        return new ClusterConfig(Role.ALL, "127.0.0.1", DEFAULT_LINK_PORT, List.of());
    }

    /** A logic node listening on {@code port}. */
    public static ClusterConfig logic(int port) {
        return new ClusterConfig(Role.LOGIC, "127.0.0.1", port, List.of());
    }

    /** A gate using these logic nodes. */
    public static ClusterConfig gate(List<LinkAddress> logicNodes) {
        return new ClusterConfig(Role.GATE, "127.0.0.1", DEFAULT_LINK_PORT, logicNodes);
    }

    /**
     * Reads the topology keys of a settings map.
     *
     * @throws IllegalArgumentException naming the key and the bad value
     */
    public static ClusterConfig fromMap(Map<String, ?> m) {
        Role role = Role.ALL;
        Object r = m.get("role");
        if (r != null) {
            try {
                role = Role.valueOf(r.toString().trim().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("role: expected all, gate or logic, got '" + r + "'");
            }
        }
        String host = m.get("linkHost") == null ? "127.0.0.1" : m.get("linkHost").toString().trim();
        int port = DEFAULT_LINK_PORT;
        Object p = m.get("linkPort");
        if (p != null) {
            try {
                port = Integer.parseInt(p.toString().trim());
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("linkPort: expected a port number, got '" + p + "'");
            }
        }
        List<LinkAddress> nodes = new ArrayList<>();
        Object n = m.get("logicNodes");
        if (n instanceof List<?> list) {
            for (Object o : list) {
                nodes.add(LinkAddress.parse("logicNodes", String.valueOf(o)));
            }
        } else if (n != null && !n.toString().isBlank()) {
            for (String s : n.toString().split(",")) {
                nodes.add(LinkAddress.parse("logicNodes", s));
            }
        }
        return new ClusterConfig(role, host, port, nodes);
    }

    /** {@code m} without the topology keys. */
    public static Map<String, Object> serverKeys(Map<String, ?> m) {
        Map<String, Object> out = new LinkedHashMap<>(m);
        out.keySet().removeAll(KEYS);
        return out;
    }

    private static String lower(Role r) {
        return r.name().toLowerCase(Locale.ROOT);
    }

    /**
     * A link endpoint.
     *
     * @param host host name or address
     * @param port TCP port
     */
    public record LinkAddress(String host, int port) {

        /** Parses {@code host:port}, naming {@code key} in the error. */
        public static LinkAddress parse(String key, String text) {
            String t = text.trim();
            int colon = t.lastIndexOf(':');
            if (colon <= 0 || colon == t.length() - 1) {
                throw new IllegalArgumentException(key + ": expected host:port, got '" + t + "'");
            }
            try {
                int port = Integer.parseInt(t.substring(colon + 1));
                if (port < 1 || port > 65535) {
                    throw new NumberFormatException();
                }
                return new LinkAddress(t.substring(0, colon), port);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(key + ": bad port in '" + t + "'");
            }
        }

        @Override
        public String toString() {
            return host + ":" + port;
        }
    }
}
