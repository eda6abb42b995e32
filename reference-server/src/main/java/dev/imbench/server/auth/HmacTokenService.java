package dev.imbench.server.auth;

import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.concurrent.atomic.AtomicLong;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Issues and verifies tokens of the form {@code base64url(uid \n deviceType \n expiresAtMillis \n serial) "."
 * base64url(HMAC-SHA256(payload))}; the serial (a counter from a random start) makes every issued token
 * distinct, so revoking one (logout) never revokes another issued in the same millisecond. The signature is checked with {@link MessageDigest#isEqual}
 * (constant time) before any claim is trusted. Thread-safe.
 */
public final class HmacTokenService implements TokenIssuer, TokenVerifier {

    private static final String ALGORITHM = "HmacSHA256";
    private static final Base64.Encoder ENC = Base64.getUrlEncoder().withoutPadding();
    private static final Base64.Decoder DEC = Base64.getUrlDecoder();

    private final SecretKeySpec key;
    private final Duration ttl;
    private final Clock clock;
    /**
     * Idle Macs, shared by every thread: a thread-local Mac would cost each virtual thread that signs
     * (one per in-JVM client) about 1 KB for as long as it lives. A sign takes one, or makes one when
     * none is idle, and gives it back; at most {@link #IDLE_MACS} wait.
     */
    private final java.util.concurrent.ArrayBlockingQueue<Mac> macs = new java.util.concurrent.ArrayBlockingQueue<>(IDLE_MACS);
    private static final int IDLE_MACS = 64;
    private final AtomicLong serial = new AtomicLong(new SecureRandom().nextLong() >>> 1);

    /** A service signing with {@code secret}; tokens live {@code ttl}; time from {@code clock}. */
    public HmacTokenService(String secret, Duration ttl, Clock clock) {
        this.key = new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM);
        this.ttl = ttl;
        this.clock = clock;
    }

    @Override
    public IssuedToken issueToken(String uid, DeviceType type) {
        long expiresAt = clock.millis() + ttl.toMillis();
        return new IssuedToken(issueUntil(uid, type, expiresAt), expiresAt);
    }

    /** A token with an explicit expiry (epoch ms); lets tests and tools make expired tokens. */
    public String issueUntil(String uid, DeviceType type, long expiresAtMillis) {
        if (uid == null || uid.isEmpty() || uid.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("uid must be non-empty and single-line");
        }
        byte[] payload = (uid + "\n" + type.getNumber() + "\n" + expiresAtMillis + "\n" + serial.incrementAndGet())
                .getBytes(StandardCharsets.UTF_8);
        return ENC.encodeToString(payload) + "." + ENC.encodeToString(sign(payload));
    }

    @Override
    public TokenCheck verify(String token, String uid) {
        int dot = token == null ? -1 : token.indexOf('.');
        if (dot <= 0) {
            return bad("token is not <payload>.<signature>");
        }
        byte[] payload;
        byte[] signature;
        try {
            payload = DEC.decode(token.substring(0, dot));
            signature = DEC.decode(token.substring(dot + 1));
        } catch (IllegalArgumentException e) {
            return bad("token is not base64url");
        }
        if (!MessageDigest.isEqual(sign(payload), signature)) {
            return bad("signature does not verify");
        }
        String[] claims = new String(payload, StandardCharsets.UTF_8).split("\n", -1);
        if (claims.length != 4) {
            return bad("token claims unreadable");
        }
        DeviceType type;
        long expiresAt;
        try {
            type = DeviceType.forNumber(Integer.parseInt(claims[1]));
            expiresAt = Long.parseLong(claims[2]);
        } catch (NumberFormatException e) {
            return bad("token claims unreadable");
        }
        if (type == null) {
            return bad("unknown device type in token");
        }
        if (clock.millis() >= expiresAt) {
            return new TokenCheck.Rejected(ErrorCode.ERR_TOKEN_EXPIRED, "token expired at " + expiresAt);
        }
        if (!claims[0].equals(uid)) {
            return new TokenCheck.Rejected(ErrorCode.ERR_UID_MISMATCH, "token was issued for another uid");
        }
        return new TokenCheck.Valid(claims[0], type, expiresAt);
    }

    private static TokenCheck bad(String reason) {
        return new TokenCheck.Rejected(ErrorCode.ERR_BAD_TOKEN, reason);
    }

    private byte[] sign(byte[] payload) {
        Mac mac = macs.poll();
        if (mac == null) {
            mac = newMac();
        }
        try {
            return mac.doFinal(payload); // doFinal resets the Mac for its next use
        } finally {
            macs.offer(mac);
        }
    }

    private Mac newMac() {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            return mac;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
