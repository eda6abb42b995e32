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

    /** Every current route of {@code uid}; throws when routing (e.g. Redis) is unreachable. */
    List<Route> routes(String uid) {
        long t0 = System.nanoTime();
        try {
            return ctx.presence().routes(uid);
        } catch (RuntimeException e) {
            ctx.metrics().routingFailure();
            throw e;
        } finally {
            ctx.metrics().routeNanos(System.nanoTime() - t0);
        }
    }

    /** Pushes to each of {@code routes} that is a live session of this gate; returns how many pushes were written. */
    int push(List<Route> routes, CmdId cmd, Message body) {
        int pushed = 0;
        for (Route r : routes) {
            Session s = ctx.sessions().find(r);
            if (s != null && s.push(cmd, body)) {
                pushed++;
            }
        }
        return pushed;
    }

    /** Pushes to each device of {@code uid}; returns how many pushes were written. Throws when routing is unreachable. */
    int push(String uid, CmdId cmd, Message body) {
        return push(routes(uid), cmd, body);
    }

    /**
     * Pushes a row that is already stored (and acked to its sender) to each device of {@code uid}; when
     * routing is unreachable the recipient counts as offline (returns 0): the row waits for its pull and
     * the offline-push timer, and the fan-out goes on with the other recipients.
     */
    int pushStored(String uid, CmdId cmd, Message body) {
        List<Route> routes;
        try {
            routes = routes(uid);
        } catch (RuntimeException e) {
            return 0;
        }
        return push(routes, cmd, body);
    }
}
