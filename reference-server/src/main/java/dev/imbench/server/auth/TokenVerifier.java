package dev.imbench.server.auth;

/** Verifies an SSO token presented at auth. Implementations must compare signatures in constant time. */
public interface TokenVerifier {

    /**
     * Checks {@code token} for the claimed {@code uid}.
     *
     * @return {@link TokenCheck.Valid} or a {@link TokenCheck.Rejected} with a distinct error code for a
     *         bad signature/unreadable token, an expired token, or a token issued for another uid
     */
    TokenCheck verify(String token, String uid);
}
