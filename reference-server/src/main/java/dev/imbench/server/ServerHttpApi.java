package dev.imbench.server;

import dev.imbench.server.auth.TokenIssuer;
import dev.imbench.server.cluster.Role;
import dev.imbench.server.http.HttpApi;
import dev.imbench.server.logic.BusinessLogic;
import dev.imbench.server.queue.BusinessQueue;
import dev.imbench.server.route.GateInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The HTTP API's view of a running {@link ImServer}. */
record ServerHttpApi(ImServer server) implements HttpApi {

    @Override
    public ServerConfig config() {
        return server.config();
    }

    @Override
    public TokenIssuer tokens() {
        return server.tokens();
    }

    @Override
    public List<Map<String, Object>> gates() {
        List<GateInfo> announced = server.backends().presence().liveGates();
        List<Map<String, Object>> gates = new ArrayList<>();
        if (server.cluster().role() != Role.ALL) {
            // Split topology: every live gate, as announced in routing (a dead gate drops out within the route TTL).
            for (GateInfo g : announced) {
                gates.add(entry(g.id(), g.tcp(), g.ws(), ""));
            }
            return gates;
        }
        gates.add(entry(server.config().gateId(),
                server.tcpAddress() == null ? "" : server.advertisedTcp(),
                server.wsUri() == null ? "" : server.wsUri().toString(), server.localAddress().id()));
        return gates;
    }

    private static Map<String, Object> entry(String id, String tcp, String ws, String local) {
        Map<String, Object> gate = new LinkedHashMap<>();
        gate.put("id", id);
        if (!tcp.isEmpty()) {
            gate.put("tcp", tcp);
        }
        if (!ws.isEmpty()) {
            gate.put("ws", ws);
        }
        if (!local.isEmpty()) {
            gate.put("local", local);
        }
        return gate;
    }

    @Override
    public BusinessLogic business() {
        return server.logic() == null ? null : server.logic().business();
    }

    @Override
    public BusinessQueue queue() {
        return server.backends().queue();
    }

    @Override
    public String scrapeMetrics() {
        return server.metrics().scrape();
    }
}
