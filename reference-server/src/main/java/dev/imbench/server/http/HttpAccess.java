package dev.imbench.server.http;

import dev.imbench.server.SsoMode;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpRequest;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;

/**
 * Who may call what on the HTTP side. The business API ({@code /api/…}) needs
 * {@code Authorization: Bearer <apiSecret>}; the SSO stand-in follows its {@link SsoMode}; {@code /iplist}
 * and {@code /admin/metrics} are open (read-only, nothing personal). Secrets are compared in constant time.
 *
 * @param apiSecret     the business API's shared secret (never empty)
 * @param ssoMode       who may mint tokens
 * @param ssoCredential the credential {@link SsoMode#CREDENTIAL} asks for
 */
record HttpAccess(String apiSecret, SsoMode ssoMode, String ssoCredential) {

    /** Why a caller is turned away. */
    static final class Refused extends RuntimeException {
        final int status;

        Refused(int status, String message) {
            super(message, null, false, false);
            this.status = status;
        }
    }

    void checkApi(HttpRequest req) {
        if (!bearer(req, apiSecret)) {
            throw new Refused(401, "the business API needs Authorization: Bearer <apiSecret>");
        }
    }

    void checkSso(HttpRequest req, SocketAddress from) {
        switch (ssoMode) {
            case OPEN -> { }
            case LOOPBACK -> {
                if (!(from instanceof InetSocketAddress a) || !a.getAddress().isLoopbackAddress()) {
                    throw new Refused(403, "the SSO stand-in answers loopback callers only (ssoMode LOOPBACK)");
                }
            }
            case CREDENTIAL -> {
                if (!bearer(req, ssoCredential)) {
                    throw new Refused(401, "the SSO stand-in needs Authorization: Bearer <ssoCredential>");
                }
            }
            case DISABLED -> throw new Refused(404, "the SSO stand-in is disabled (ssoMode DISABLED)");
        }
    }

    private static boolean bearer(HttpRequest req, String secret) {
        String h = req.headers().get(HttpHeaderNames.AUTHORIZATION, "");
        String given = h.startsWith("Bearer ") ? h.substring(7).trim() : "";
        return !secret.isEmpty() && MessageDigest.isEqual(given.getBytes(StandardCharsets.UTF_8),
                secret.getBytes(StandardCharsets.UTF_8));
    }
}
