package dev.imbench.server.cluster;

import com.google.protobuf.Message;
import dev.imbench.protocol.Decoded;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.FrameCodec;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.LinkEnvelope;
import dev.imbench.protocol.pb.LinkRoute;
import dev.imbench.server.route.Route;

/** Builds and reads link envelopes. */
final class LinkEnvelopes {

    private LinkEnvelopes() {
    }

    static LinkEnvelope hello(String gateId) {
        return LinkEnvelope.newBuilder().setKind(LinkEnvelope.Kind.HELLO).setGateId(gateId).build();
    }

    /** A frame (FRAME, SEND) for session {@code id}. */
    static LinkEnvelope frame(LinkEnvelope.Kind kind, long id, Route route, Frame f) {
        LinkEnvelope.Builder b = LinkEnvelope.newBuilder().setKind(kind).setSessionId(id)
                .setClientVersion(f.clientVersion()).setCmdId(f.cmd().getNumber()).setSeq(f.seq())
                .setBody(f.body().toByteString());
        if (route != null) {
            b.setRoute(linkRoute(route));
        }
        return b.build();
    }

    static LinkEnvelope push(long id, CmdId cmd, Message body) {
        return LinkEnvelope.newBuilder().setKind(LinkEnvelope.Kind.PUSH).setSessionId(id)
                .setCmdId(cmd.getNumber()).setBody(body.toByteString()).build();
    }

    static LinkEnvelope closed(long id, Route route) {
        return LinkEnvelope.newBuilder().setKind(LinkEnvelope.Kind.CLOSED).setSessionId(id)
                .setRoute(linkRoute(route)).build();
    }

    static LinkEnvelope route(long id, Route route) {
        LinkEnvelope.Builder b = LinkEnvelope.newBuilder().setKind(LinkEnvelope.Kind.ROUTE).setSessionId(id);
        if (route != null) {
            b.setRoute(linkRoute(route));
        }
        return b.build();
    }

    static LinkEnvelope close(long id, long afterMs) {
        return LinkEnvelope.newBuilder().setKind(LinkEnvelope.Kind.CLOSE).setSessionId(id)
                .setCloseAfterMs(afterMs).build();
    }

    private static LinkRoute linkRoute(Route r) {
        return LinkRoute.newBuilder().setUid(r.uid()).setDeviceType(r.deviceType())
                .setConnectedAt(r.connectedAt()).build();
    }

    /** The route an envelope carries for a connection of {@code gateId}, or null if it carries none. */
    static Route route(LinkEnvelope e, String gateId) {
        if (!e.hasRoute()) {
            return null;
        }
        LinkRoute r = e.getRoute();
        return new Route(r.getUid(), r.getDeviceType(), gateId, e.getSessionId(), r.getConnectedAt());
    }

    /** The client frame inside a FRAME, SEND or PUSH envelope; a BadFrame if its body does not parse. */
    static Decoded innerFrame(LinkEnvelope e) {
        byte[] body = e.getBody().toByteArray();
        return FrameCodec.parseBody(e.getClientVersion() == 0 ? Frame.CURRENT_CLIENT_VERSION : e.getClientVersion(),
                e.getCmdId(), e.getSeq(), body, 0, body.length);
    }
}
