package dev.imbench.server.route;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.protocol.pb.DeviceType;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The behaviour every {@link Presence} must have (in-memory here; Redis later). */
public abstract class PresenceContract {

    protected Presence presence;

    /** A fresh, empty presence. */
    protected abstract Presence newPresence();

    @BeforeEach
    void setUp() {
        presence = newPresence();
    }

    private static Route route(String uid, DeviceType t, long session) {
        return new Route(uid, t, "gate-1", session, 1);
    }

    @Test
    void shouldReplaceOnlyTheSameDeviceTypeAndReturnTheOlderRoute() {
        assertTrue(presence.bind(route("a", DeviceType.IOS, 1)).isEmpty());
        assertTrue(presence.bind(route("a", DeviceType.PC, 2)).isEmpty());
        assertEquals(1, presence.bind(route("a", DeviceType.IOS, 3)).orElseThrow().sessionId());
        assertEquals(2, presence.routes("a").size());
        assertEquals(2, presence.onlineDevices());
    }

    @Test
    void shouldNotUnbindANewerRouteWhenTheOlderSessionCloses() {
        Route old = route("a", DeviceType.IOS, 1);
        presence.bind(old);
        presence.bind(route("a", DeviceType.IOS, 2));
        assertFalse(presence.unbind(old));
        assertEquals(2, presence.routes("a").get(0).sessionId());
        assertTrue(presence.unbind(route("a", DeviceType.IOS, 2)));
        assertTrue(presence.routes("a").isEmpty());
        assertEquals(0, presence.onlineDevices());
    }

    @Test
    void shouldRememberARevokedTokenUntilItExpires() {
        assertFalse(presence.tokenRevoked("t-1"));
        presence.revokeToken("t-1", System.currentTimeMillis() + 60_000);
        assertTrue(presence.tokenRevoked("t-1"));
        assertFalse(presence.tokenRevoked("t-2"), "only that token");
        presence.revokeToken("t-old", System.currentTimeMillis() - 1);
        assertFalse(presence.tokenRevoked("t-old"), "an expired token needs no entry");
    }
}
