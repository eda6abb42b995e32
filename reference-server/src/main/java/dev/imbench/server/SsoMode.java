package dev.imbench.server;

/** Who may mint tokens at the SSO stand-in ({@code POST /sso/login}). */
public enum SsoMode {
    /** Anyone who reaches the HTTP port. */
    OPEN,
    /** Callers from a loopback address only (the default: the workbench's own runner and simulator). */
    LOOPBACK,
    /** Callers presenting {@code Authorization: Bearer <ssoCredential>}. */
    CREDENTIAL,
    /** Off: 404; tokens only in-process ({@code server.tokens()}). */
    DISABLED
}
