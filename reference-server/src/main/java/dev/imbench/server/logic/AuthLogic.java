package dev.imbench.server.logic;

import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.AuthRequest;
import dev.imbench.protocol.pb.AuthResponse;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.ErrorCode;
import dev.imbench.protocol.pb.KickoutRequest;
import dev.imbench.protocol.pb.LogoutResponse;
import dev.imbench.server.auth.TokenCheck;
import dev.imbench.server.gate.Identifiers;
import dev.imbench.server.gate.Session;
import dev.imbench.server.route.Route;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * auth (verify the token, bind the route, answer), kickout (an older session of the same uid and
 * device type gets a kickout frame and is closed after the grace), logout, and unbinding on close. An AUTH whose
 * connection closed before it ran binds nothing and kicks no one.
 */
final class AuthLogic {

    private final LogicContext ctx;
    /** The token each authenticated session logged in with (gate id / session id → token), for logout. */
    private final ConcurrentHashMap<String, LoggedIn> tokens = new ConcurrentHashMap<>();

    private record LoggedIn(String tokenId, long expiresAt) {
    }

    AuthLogic(LogicContext ctx) {
        this.ctx = ctx;
    }

    private static String key(Session s) {
        return s.gateId() + "/" + s.id();
    }

    /** A digest naming a token in the revocation set (the token itself is never stored). */
    static String tokenId(String token) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(token.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    void auth(Session s, Frame f) {
        AuthRequest req = f.bodyAs(AuthRequest.class);
        if (s.authenticated()) {
            if (s.uid().equals(req.getUid())) {
                s.reply(f, ok());
            } else {
                s.reply(f, refused(ErrorCode.ERR_UID_MISMATCH, "this connection is authenticated as another uid"));
            }
            return;
        }
        String badUid = Identifiers.problem("uid", req.getUid());
        if (badUid != null) {
            s.reply(f, refused(ErrorCode.ERR_MALFORMED_FRAME, badUid));
            return;
        }
        switch (ctx.tokens().verify(req.getToken(), req.getUid())) {
            case TokenCheck.Rejected r -> s.reply(f, refused(r.code(), r.reason()));
            case TokenCheck.Valid v -> {
                String tokenId = tokenId(req.getToken());
                try {
                    if (ctx.presence().tokenRevoked(tokenId)) {
                        s.reply(f, refused(ErrorCode.ERR_BAD_TOKEN, "token revoked by a logout: log in again"));
                        return;
                    }
                } catch (RuntimeException ex) {
                    s.reply(f, refused(ErrorCode.ERR_INTERNAL, "routing unavailable: cannot check the token"));
                    return;
                }
                if (!s.isOpen()) {
                    return; // the client gave this connection up while its AUTH waited: no route to bind, no one to kick
                }
                Route route = new Route(v.uid(), v.deviceType(), s.gateId(), s.id(), ctx.clock().millis());
                s.route(route);
                Optional<Route> older;
                try {
                    older = ctx.presence().bind(route);
                } catch (RuntimeException ex) {
                    s.route(null); // not logged in: no route was stored
                    s.reply(f, refused(ErrorCode.ERR_INTERNAL, "routing unavailable: " + Failures.brief(ex)));
                    return;
                }
                if (!s.isOpen()) {
                    closedMeanwhile(s, route, older);
                    return;
                }
                ctx.presence().hold(route, s::lastPacketAt); // the gate heartbeat records the last packet time
                tokens.put(key(s), new LoggedIn(tokenId, v.expiresAt()));
                s.reply(f, ok());
                older.filter(o -> o.sessionId() != s.id() || !o.gateId().equals(route.gateId()))
                        .ifPresent(this::kick);
            }
        }
    }

    /**
     * The connection closed while binding its route: the (uid, device) goes back to the connection it replaced,
     * which is not kicked. An AUTH that waited in a busy logic lane (behind a slow store) may run after its client
     * gave the connection up and logged in again on another one; binding and kicking then would close the client's
     * live connection and leave the route on a dead one.
     */
    private void closedMeanwhile(Session s, Route route, Optional<Route> older) {
        s.route(null);
        try {
            if (ctx.presence().unbind(route)) {
                older.ifPresent(ctx.presence()::bind);
            }
        } catch (RuntimeException ex) {
            // routing unreachable: the dead route expires with its TTL
        }
    }

    private void kick(Route older) {
        Session old = ctx.sessions().find(older);
        if (old == null) {
            return;
        }
        ctx.metrics().kickout();
        old.route(null);
        old.push(CmdId.KICKOUT_REQ, KickoutRequest.newBuilder().setReason(KickoutRequest.Reason.OTHER_LOGIN).build());
        old.closeAfter(ctx.config().kickoutGrace());
    }

    void logout(Session s, Frame f) {
        Route r = s.route();
        s.route(null);
        LoggedIn t = tokens.remove(key(s));
        try {
            if (r != null) {
                ctx.presence().unbind(r);
            }
            if (t != null) {
                ctx.presence().revokeToken(t.tokenId(), t.expiresAt()); // the same token cannot log in again
            }
        } catch (RuntimeException ex) {
            s.error(f.seq(), f.cmd().getNumber(), ErrorCode.ERR_INTERNAL,
                    "logged out here, but routing is unavailable: the token may still log in until it expires");
            return;
        }
        s.reply(f, LogoutResponse.getDefaultInstance());
    }

    void closed(Session s) {
        tokens.remove(key(s));
        Route r = s.route();
        if (r != null) {
            ctx.presence().unbind(r);
        }
    }

    private static AuthResponse ok() {
        return AuthResponse.newBuilder().setStatus(AuthResponse.Status.OK).build();
    }

    private static AuthResponse refused(ErrorCode code, String message) {
        return AuthResponse.newBuilder().setStatus(AuthResponse.Status.ERR).setErrCode(code).setErrMsg(message).build();
    }
}
