package dev.imbench.chaos.support;

import dev.imbench.chaos.api.ToxiproxyServer;
import java.net.URI;

/**
 * The Toxiproxy the conformance suite drives: a real one when {@code TOXIPROXY_URL} is set (e.g.
 * {@code http://127.0.0.1:8474}), else the embedded server on an ephemeral port.
 */
public final class ToxiproxyTarget implements AutoCloseable {

    private final ToxiproxyServer embedded;
    private final String host;
    private final int port;

    public ToxiproxyTarget() {
        String url = System.getenv("TOXIPROXY_URL");
        if (url != null && !url.isBlank()) {
            URI u = URI.create(url);
            embedded = null;
            host = u.getHost();
            port = u.getPort() < 0 ? ToxiproxyServer.DEFAULT_PORT : u.getPort();
        } else {
            embedded = ToxiproxyServer.start("127.0.0.1", 0, 7);
            host = "127.0.0.1";
            port = embedded.port();
        }
    }

    public String host() {
        return host;
    }

    public int port() {
        return port;
    }

    public URI uri(String path) {
        return URI.create("http://" + host + ":" + port + path);
    }

    /** True when the suite runs against the embedded server (imbench-only checks apply). */
    public boolean embedded() {
        return embedded != null;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
