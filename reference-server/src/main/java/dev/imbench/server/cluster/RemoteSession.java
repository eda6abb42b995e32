package dev.imbench.server.cluster;

import com.google.protobuf.Message;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.LinkEnvelope;
import dev.imbench.server.gate.SessionIdentity;
import dev.imbench.server.route.Route;
import io.netty.channel.Channel;
import java.time.Duration;

/**
 * A client connection held by another process's gate, as a logic node sees it: every answer, push,
 * route change and close becomes an envelope on the link to that gate, which applies it to the
 * real connection. LinkEnvelopes on one link keep their order, so a ROUTE sent before a response is
 * applied before the client reads the response.
 */
final class RemoteSession extends SessionIdentity {

    private final Channel link;
    /** The sessions the gate reported closed on this link (null: not known, e.g. a link that never said hello). */
    private final ClosedSessions closed;

    RemoteSession(Channel link, String gateId, long id, Route route, ClosedSessions closed) {
        super(gateId, id, route);
        this.link = link;
        this.closed = closed;
    }

    @Override
    public void route(Route r) {
        super.route(r);
        link.writeAndFlush(LinkEnvelopes.route(id(), r), link.voidPromise());
    }

    @Override
    public boolean isOpen() {
        return link.isActive() && (closed == null || !closed.isClosed(id()));
    }

    @Override
    public void send(Frame frame) {
        link.writeAndFlush(LinkEnvelopes.frame(LinkEnvelope.Kind.SEND, id(), null, frame), link.voidPromise());
    }

    @Override
    public boolean push(CmdId cmd, Message body) {
        if (!link.isActive()) {
            return false;
        }
        link.writeAndFlush(LinkEnvelopes.push(id(), cmd, body), link.voidPromise());
        return true;
    }

    @Override
    public void closeAfter(Duration grace) {
        link.writeAndFlush(LinkEnvelopes.close(id(), grace.toMillis()), link.voidPromise());
    }

    @Override
    public String toString() {
        return "RemoteSession[" + gateId() + "/" + id() + ", " + route() + "]";
    }
}
