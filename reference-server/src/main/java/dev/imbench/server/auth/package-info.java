/** The embedded SSO: HMAC-SHA256 signed tokens (uid, device type, expiry), issued and verified. */
package dev.imbench.server.auth;
