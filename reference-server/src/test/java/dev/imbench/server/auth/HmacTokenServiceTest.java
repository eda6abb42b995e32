package dev.imbench.server.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.ErrorCode;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.AlphaChars;
import net.jqwik.api.constraints.StringLength;
import org.junit.jupiter.api.Test;

class HmacTokenServiceTest {

    private final Clock clock = Clock.fixed(Instant.ofEpochMilli(1_000_000), ZoneOffset.UTC);
    private final HmacTokenService tokens = new HmacTokenService("a-test-secret", Duration.ofMinutes(5), clock);

    @Test
    void shouldVerifyIssuedTokenWithItsDeviceTypeAndExpiry() {
        TokenCheck.Valid v = assertInstanceOf(TokenCheck.Valid.class,
                tokens.verify(tokens.issue("alice", DeviceType.PC), "alice"));
        assertEquals(DeviceType.PC, v.deviceType());
        assertEquals(1_000_000 + 300_000, v.expiresAt());
    }

    @Test
    void shouldSignCorrectlyFromManyThreadsAtOnceWithTheSharedMacs() throws Exception {
        // 2 000 virtual threads issue and verify at once: a Mac used by two threads together would sign garbage.
        try (var pool = java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor()) {
            java.util.List<java.util.concurrent.Future<TokenCheck>> checks = new java.util.ArrayList<>();
            for (int i = 0; i < 2_000; i++) {
                String uid = "user" + i;
                checks.add(pool.submit(() -> tokens.verify(tokens.issue(uid, DeviceType.ANDROID), uid)));
            }
            for (var c : checks) {
                assertInstanceOf(TokenCheck.Valid.class, c.get());
            }
        }
    }

    @Test
    void shouldRefuseTokenSignedWithAnotherSecret() {
        String foreign = new HmacTokenService("another-secret", Duration.ofMinutes(5), clock).issue("alice", DeviceType.IOS);
        assertEquals(ErrorCode.ERR_BAD_TOKEN, ((TokenCheck.Rejected) tokens.verify(foreign, "alice")).code());
    }

    @Test
    void shouldRefuseExpiredTokenAndTokenOfAnotherUid() {
        assertEquals(ErrorCode.ERR_TOKEN_EXPIRED, ((TokenCheck.Rejected) tokens.verify(
                tokens.issueUntil("alice", DeviceType.IOS, 1_000_000), "alice")).code());
        assertEquals(ErrorCode.ERR_UID_MISMATCH, ((TokenCheck.Rejected) tokens.verify(
                tokens.issue("bob", DeviceType.IOS), "alice")).code());
    }

    @Property(tries = 200)
    void shouldRefuseAnyGarbageAsBadToken(@ForAll @StringLength(max = 80) String garbage,
                                          @ForAll @AlphaChars @StringLength(min = 1, max = 10) String uid) {
        TokenCheck c = tokens.verify(garbage, uid);
        assertEquals(ErrorCode.ERR_BAD_TOKEN, assertInstanceOf(TokenCheck.Rejected.class, c).code());
    }
}
