package dev.imbench.chaos.proxy;

import java.io.IOException;
import java.net.InetAddress;
import java.net.NetworkInterface;

/**
 * A {@code host:port} address as Toxiproxy writes it (host may be empty = all interfaces).
 *
 * @param host host name or address ("" for any)
 * @param port 0..65535 (0 = ephemeral for a listener)
 */
public record HostPort(String host, int port) {

    /** Validates the port range. */
    public HostPort {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("port out of range: " + port);
        }
        host = host == null ? "" : host;
    }

    /**
     * Parses {@code host:port}, {@code :port} or {@code [v6]:port}.
     *
     * @throws IllegalArgumentException with the offending text
     */
    public static HostPort parse(String s) {
        if (s == null || s.isBlank()) {
            throw new IllegalArgumentException("address missing");
        }
        int colon = s.lastIndexOf(':');
        if (colon < 0) {
            throw new IllegalArgumentException("address must be host:port, got: " + s);
        }
        String host = s.substring(0, colon);
        if (host.startsWith("[") && host.endsWith("]")) {
            host = host.substring(1, host.length() - 1);
        }
        try {
            return new HostPort(host, Integer.parseInt(s.substring(colon + 1)));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in address: " + s, e);
        }
    }

    /**
     * Whether this and {@code other} name the same endpoint of this machine: the same port, and hosts that are
     * equal or both local (empty, a wildcard, a loopback address or an address of one of this machine's
     * interfaces). A host that does not resolve is not local.
     */
    public boolean sameLocalEndpoint(HostPort other) {
        return port == other.port && port != 0
                && (host.equalsIgnoreCase(other.host) || local(host) && local(other.host));
    }

    private static boolean local(String host) {
        if (host.isEmpty()) {
            return true;
        }
        try {
            InetAddress a = InetAddress.getByName(host);
            return a.isAnyLocalAddress() || a.isLoopbackAddress() || NetworkInterface.getByInetAddress(a) != null;
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
