package dev.imbench.server.logic;

import com.google.protobuf.Message;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.server.gate.Session;
import dev.imbench.server.route.Route;
import java.util.List;

/** Looks a user up in routing and pushes to every online device of theirs. */
final class Deliverer {

    private final LogicContext ctx;

    Deliverer(LogicContext ctx) {
        this.ctx = ctx;
    }

    /** Pushes to each device of {@code uid}; returns how many pushes were written. */
    int push(String uid, CmdId cmd, Message body) {
        long t0 = System.nanoTime();
        List<Route> routes = ctx.presence().routes(uid);
        int pushed = 0;
        for (Route r : routes) {
            Session s = ctx.sessions().find(r);
            if (s != null && s.push(cmd, body)) {
                pushed++;
            }
        }
        ctx.metrics().routeNanos(System.nanoTime() - t0);
        return pushed;
    }
}
