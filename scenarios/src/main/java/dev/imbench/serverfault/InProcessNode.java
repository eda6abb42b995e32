package dev.imbench.serverfault;

import dev.imbench.server.ImServer;
import dev.imbench.server.cluster.ServerNode;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A node started in this JVM ({@link ServerNode#start}). Its kill is {@link ServerNode#halt()}, as
 * far as one JVM can model a SIGKILL: connections reset without goodbye, nothing flushed or withdrawn.
 */
record InProcessNode(ServerNode node) implements RunningNode {

    /** Starts one from {@code settings}. */
    static InProcessNode start(Map<String, Object> settings) {
        return new InProcessNode(ServerNode.start(settings));
    }

    @Override
    public Optional<ServerNode> inProcess() {
        return Optional.of(node);
    }

    @Override
    public Map<String, Object> pins() {
        ImServer s = node.server();
        Map<String, Object> out = new LinkedHashMap<>();
        if (s.tcpAddress() != null) {
            out.put("tcpPort", s.tcpAddress().getPort());
        }
        if (s.wsUri() != null) {
            out.put("wsPort", s.wsUri().getPort());
        }
        if (s.httpAddress() != null) {
            out.put("httpPort", s.httpAddress().getPort());
        }
        if (s.linkAddress() != null) {
            out.put("linkPort", s.linkAddress().getPort());
        }
        out.put("apiSecret", s.apiSecret()); // a generated one would change with every start
        if (s.localAddress() != null) {
            out.put("localAddressName", s.localAddress().id());
        }
        return out;
    }

    @Override
    public String metrics() {
        return node.server().metrics().scrape();
    }

    @Override
    public boolean awaitLinked(Duration timeout) throws InterruptedException {
        return node.server().awaitLinkedToLogic(timeout);
    }

    @Override
    public String kill() {
        node.halt();
        return "halted in this JVM (connections reset, no goodbye)";
    }

    @Override
    public void close() {
        node.close();
    }
}
