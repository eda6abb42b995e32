package dev.imbench.server.auth;

import dev.imbench.protocol.pb.DeviceType;

/** Issues SSO tokens (the SSO login step of the auth flow). */
public interface TokenIssuer {

    /** A token for {@code uid} on a device of {@code type}, valid for the configured TTL. */
    default String issue(String uid, DeviceType type) {
        return issueToken(uid, type).token();
    }

    /** A token and its expiry. */
    IssuedToken issueToken(String uid, DeviceType type);

    /**
     * A token and its expiry.
     *
     * @param token     the opaque token string
     * @param expiresAt expiry, epoch milliseconds
     */
    record IssuedToken(String token, long expiresAt) {
    }
}
