package dev.imbench.server.route.redis;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.server.backends.RedisTestKeys;
import dev.imbench.server.route.Presence;
import dev.imbench.server.route.PresenceContract;
import dev.imbench.server.route.Route;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The presence contract, unchanged, on Redis; plus heartbeat and dead-gate expiry. */
class RedisPresenceTest extends PresenceContract {

    private final List<AutoCloseable> open = new ArrayList<>();
    private RedisTestKeys keys;

    @Override
    protected Presence newPresence() {
        keys = new RedisTestKeys();
        open.add(keys);
        return track(new RedisPresence(keys.client(), keys.namespace(), Duration.ofSeconds(30), Clock.systemUTC()));
    }

    private RedisPresence track(RedisPresence p) {
        open.add(0, p);
        return p;
    }

    @AfterEach
    void cleanUp() throws Exception {
        for (AutoCloseable c : open) {
            c.close();
        }
    }

    @Test
    void shouldShareRoutesBetweenTwoNodesOnTheSameRedis() {
        RedisPresence other = track(new RedisPresence(keys.client(), keys.namespace(), Duration.ofSeconds(30),
                Clock.systemUTC()));
        presence.bind(new Route("bob", DeviceType.WEB, "gate-1", 7, 1));
        Route seen = other.routes("bob").get(0);
        assertEquals("gate-1", seen.gateId());
        assertEquals(7, seen.sessionId());
        assertEquals(7, other.bind(new Route("bob", DeviceType.WEB, "gate-2", 8, 2)).orElseThrow().sessionId(),
                "the second gate's login returns the first gate's route for the kickout");
    }

    @Test
    void shouldRecordLastPacketTimeOnHeartbeatOnlyForTheCurrentRoute() {
        RedisPresence p = (RedisPresence) presence;
        Route r = new Route("carol", DeviceType.IOS, "gate-1", 1, 1);
        p.bind(r);
        assertTrue(p.touch(r, 123_456));
        assertEquals(123_456, p.lastPacketAt("carol", DeviceType.IOS));
        assertFalse(p.touch(new Route("carol", DeviceType.IOS, "gate-1", 99, 1), 5), "a stale session cannot refresh");
        assertEquals(1, p.routes("carol").get(0).sessionId());
    }

    @Test
    void shouldExpireTheUsersOfADeadGate() {
        RedisPresence gate = new RedisPresence(keys.client(), keys.namespace(), Duration.ofMillis(600),
                Clock.systemUTC());
        gate.bind(new Route("dave", DeviceType.PC, "gate-9", 1, 1));
        await().during(Duration.ofMillis(900)).atMost(Duration.ofSeconds(3))
                .until(() -> gate.routes("dave").size() == 1); // heartbeats keep a live gate's users
        gate.close(); // the gate dies: no more heartbeats
        await().atMost(Duration.ofSeconds(3)).until(() -> presence.routes("dave").isEmpty());
        assertEquals(0, presence.onlineDevices());
    }

    @Test
    void shouldRecreateRoutesRedisLostFromTheGatesLiveSessions() {
        RedisPresence gate = track(new RedisPresence(keys.client(), keys.namespace(), Duration.ofMillis(600),
                Clock.systemUTC()));
        gate.bind(new Route("dave", DeviceType.PC, "gate-9", 1, 1));
        gate.bind(new Route("erin", DeviceType.IOS, "gate-9", 2, 1));
        keys.client().del(keys.client().keys(keys.namespace() + "*").toArray(String[]::new)); // Redis lost its data
        assertTrue(presence.routes("dave").isEmpty());
        await().atMost(Duration.ofSeconds(3)).until(() -> presence.routes("dave").size() == 1
                && presence.routes("erin").size() == 1 && presence.onlineDevices() == 2);
        Route back = presence.routes("dave").get(0);
        assertEquals("gate-9", back.gateId());
        assertEquals(1, back.sessionId());
    }

    @Test
    void shouldNotRecreateRoutesThatWereUnboundOrTakenOverByAnotherGate() {
        RedisPresence gate = track(new RedisPresence(keys.client(), keys.namespace(), Duration.ofMillis(300),
                Clock.systemUTC()));
        Route moved = new Route("dave", DeviceType.PC, "gate-1", 1, 1);
        Route gone = new Route("erin", DeviceType.PC, "gate-1", 2, 1);
        gate.bind(moved);
        gate.bind(gone);
        presence.bind(new Route("dave", DeviceType.PC, "gate-2", 5, 2)); // dave logged in on another gate
        gate.unbind(gone);
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3)).until(() ->
                presence.routes("erin").isEmpty() && presence.routes("dave").size() == 1
                        && presence.routes("dave").get(0).gateId().equals("gate-2"));
        keys.client().del(keys.namespace() + "route:dave:PC"); // dave's new gate lost it; not gate-1's to restore
        await().during(Duration.ofMillis(500)).atMost(Duration.ofSeconds(3))
                .until(() -> presence.routes("dave").isEmpty());
    }
}
