package dev.imbench.serverfault;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.junit.RequiredServices;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.AuthResponse;
import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.ErrorCode;
import dev.imbench.protocol.pb.ErrorResponse;
import dev.imbench.server.route.GateInfo;
import dev.imbench.testsupport.WireClient;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Each server-side fault on a real split topology (2 gates, 1 logic node, MariaDB and a private Redis,
 * every path through a proxy): what a client sees while it is in force, and that lifting it heals.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServerSideFaultsTest {

    /** Users get names of their own per test class run: MariaDB's shards outlive it (a resend is deduplicated). */
    private static final String RUN = Long.toString(System.currentTimeMillis(), 36);

    private static String u(String name) {
        return name + "-" + RUN;
    }

    private ServerSide side;
    private InetSocketAddress gate1;
    private InetSocketAddress gate2;
    private String ns;

    @BeforeEach
    void start() throws Exception {
        RequiredServices.mysqlAndRedis("server-side faults");
        ns = "imbench-sf-" + System.nanoTime() + ":";
        side = ServerSide.start(Map.of("storage", "mysql", "routing", "redis", "shards", 2, "redisNamespace", ns,
                        "presenceTtl", "2s", "logicThreads", 4, "mysqlPoolSize", 2),
                2, 1, new ServerSide.Placement(true, true, true, true), 7, false);
        gate1 = side.gateAddresses().get(0);
        gate2 = side.gateAddresses().get(1);
    }

    @AfterEach
    void stop() {
        if (side != null) {
            side.close();
        }
    }

    private ServerFault fault(String action, String target, Map<String, String> params) {
        return ServerFaults.create(action, target, params, side, new SplittableRandom(1));
    }

    private String token(String uid) {
        return side.tokens().issue(uid, DeviceType.IOS);
    }

    /** A TCP client logged in as {@code uid} (closed again when the login is refused). */
    private WireClient login(InetSocketAddress gate, String uid) throws IOException, InterruptedException {
        WireClient w = WireClient.tcp(gate);
        try {
            w.login(token(uid), uid);
            return w;
        } catch (AssertionError e) {
            w.close();
            throw e;
        }
    }

    /** Sends {@code from}'s message {@code clientMsgId} to {@code to}; returns the request's seq. */
    private static int c2c(WireClient w, String from, String to, long clientMsgId) {
        return w.send(CmdId.C2C_SEND_REQ, C2CSendRequest.newBuilder().setFrom(from).setTo(to)
                .setContent(from + "-" + clientMsgId).setClientMsgId(clientMsgId).build());
    }

    private static ErrorCode errorOf(Frame f) {
        assertNotNull(f, "no answer");
        assertEquals(CmdId.ERROR_RESP, f.cmd(), "an error, not an ack: " + f.cmd());
        return f.bodyAs(ErrorResponse.class).getCode();
    }

    private static void acked(WireClient w, int seq) throws InterruptedException {
        Frame f = w.answer(seq, 10_000);
        assertNotNull(f, "no answer");
        assertEquals(CmdId.C2C_SEND_RESP, f.cmd(), () -> "not acked: " + f.bodyAs(ErrorResponse.class));
    }

    /** Resends alice's message {@code id} (each attempt waiting {@code millis}) until it is acked. */
    private static void ackedEventually(WireClient alice, long id, long millis) {
        await().atMost(Duration.ofSeconds(20)).until(() -> {
            Frame f = alice.answer(c2c(alice, u("alice"), u("bob"), id), millis);
            return f != null && f.cmd() == CmdId.C2C_SEND_RESP;
        });
    }

    @Test
    void shouldFailSendsWhileMysqlIsCutAndAckTheResendOnceHealed() throws Exception {
        try (WireClient alice = login(gate1, u("alice"))) {
            acked(alice, c2c(alice, u("alice"), u("bob"), 1));
            ServerFault cut = fault("cut-mysql", "", Map.of());
            cut.apply();
            assertEquals(ErrorCode.ERR_STORE_FAILED,
                    errorOf(alice.answer(c2c(alice, u("alice"), u("bob"), 2), 20_000)));
            cut.lift();
            ackedEventually(alice, 2, 10_000);
        }
    }

    @Test
    void shouldHoldSendsWhileMysqlIsBlackHoledAndDelayAcksWhileItIsSlow() throws Exception {
        try (WireClient alice = login(gate1, u("alice"))) {
            acked(alice, c2c(alice, u("alice"), u("bob"), 1));
            ServerFault hole = fault("cut-mysql", "", Map.of("mode", "blackhole"));
            hole.apply();
            int held = c2c(alice, u("alice"), u("bob"), 2);
            assertNull(alice.answer(held, 1_000), "a black-holed store answers nothing for a while");
            hole.lift();
            assertNotNull(alice.answer(held, 30_000), "the held request is answered once the held connections close");
            ackedEventually(alice, 3, 10_000);

            ServerFault slow = fault("slow-mysql", "", Map.of("latency", "300ms"));
            slow.apply();
            long t0 = System.nanoTime();
            acked(alice, c2c(alice, u("alice"), u("bob"), 4));
            long slowMs = (System.nanoTime() - t0) / 1_000_000;
            slow.lift();
            assertTrue(slowMs >= 300, "a store round trip takes at least the added 300 ms: " + slowMs + " ms");
        }
    }

    @Test
    void shouldRefuseLoginsWhileRedisIsDownOrCutAndAcceptThemOnceBack() throws Exception {
        ServerFault restart = fault("restart-redis", "", Map.of());
        restart.apply();
        assertFalse(side.privateRedis().orElseThrow().running());
        try (WireClient carol = WireClient.tcp(gate1)) {
            assertEquals(AuthResponse.Status.ERR, carol.auth(token(u("carol")), u("carol"), 10).getStatus(),
                    "no routing: no login");
        }
        restart.lift();
        assertTrue(side.privateRedis().orElseThrow().running());
        login(gate1, u("carol")).close(); // logins work again on the restarted, empty Redis

        ServerFault cut = fault("cut-redis", "", Map.of());
        cut.apply();
        try (WireClient dave = WireClient.tcp(gate1)) {
            assertEquals(AuthResponse.Status.ERR, dave.auth(token(u("dave")), u("dave"), 10).getStatus(),
                    "Redis cut: no login");
        }
        cut.lift();
        await().atMost(Duration.ofSeconds(20)).ignoreExceptions().until(() -> {
            login(gate1, u("dave")).close();
            return true;
        });
    }

    @Test
    void shouldKillAGateLeavingItsRoutesToExpireAndSendItsClientsToTheLiveGate() throws Exception {
        IntFunction<InetSocketAddress> route = side.clientRoute(2);
        assertEquals(gate2, route.apply(1), "client 1 starts on gate 2");
        try (WireClient bob = login(gate2, u("bob"))) {
            ServerFault kill = fault("kill-gate", "gate-2", Map.of());
            kill.apply();
            await().atMost(Duration.ofSeconds(5)).until(bob::isClosed);
            List<String> listed = side.gates().get(0).current().orElseThrow().backends().backends().presence()
                    .liveGates().stream().map(GateInfo::id).toList();
            assertEquals(List.of("gate-1", "gate-2"), listed, "a killed gate is not withdrawn: its entry expires");
            assertThrows(IOException.class, () -> WireClient.tcp(gate2).close(), "a killed gate refuses connections");
            assertEquals(gate1, route.apply(1), "its next connect goes to the next listed gate");
            await().atMost(Duration.ofSeconds(6)).until(() -> side.gates().get(0).current().orElseThrow().backends()
                    .backends().presence().liveGates().stream().map(GateInfo::id).toList().equals(List.of("gate-1")));
            // once its entry expired, iplist lists the live gate only: every connect goes there
            await().atMost(Duration.ofSeconds(2)).until(() -> ((GateDirectory) route).current().equals(List.of(gate1)));
            try (WireClient again = login(route.apply(1), u("bob"))) {
                acked(again, c2c(again, u("bob"), u("alice"), 1)); // bob works again, through the live gate
            }
            kill.lift();
            assertTrue(side.gates().get(1).alive());
            try (WireClient back = login(gate2, u("erin"))) {
                acked(back, c2c(back, u("erin"), u("bob"), 1));
            }
        }
    }

    @Test
    void shouldNotLetARouteLeftByAKilledGateReachAnotherUsersConnectionAfterItsRestart() throws Exception {
        WireClient bob = login(gate2, u("bob")); // gate-2's first session
        ServerFault kill = fault("kill-gate", "gate-2", Map.of());
        kill.apply();
        await().atMost(Duration.ofSeconds(5)).until(bob::isClosed);
        bob.close();
        kill.lift(); // gate-2 again, same gate id; bob's route (gate-2, his session id) is still in Redis
        try (WireClient erin = login(gate2, u("erin")); // the restarted gate's first session
             WireClient bobAgain = login(gate1, u("bob"))) { // bob's login kicks his stale route
            assertNull(erin.next(CmdId.KICKOUT_REQ, 1), "bob's kickout reached erin's connection");
            acked(erin, c2c(erin, u("erin"), u("bob"), 1));
            assertFalse(erin.isClosed());
            assertFalse(bobAgain.isClosed());
        }
    }

    @Test
    void shouldAnswerNothingAcrossAPartitionedLinkAndOverloadedWithoutTheLogicNode() throws Exception {
        try (WireClient alice = login(gate1, u("alice"))) {
            acked(alice, c2c(alice, u("alice"), u("bob"), 1));
            ServerFault partition = fault("partition-link", "gate-1", Map.of());
            partition.apply();
            assertNull(alice.answer(c2c(alice, u("alice"), u("bob"), 2), 1_000), "frames vanish into the partition");
            try (WireClient other = login(gate2, u("frank"))) {
                acked(other, c2c(other, u("frank"), u("bob"), 1)); // only gate-1 is cut off
            }
            partition.lift();
            ackedEventually(alice, 2, 2_000);

            ServerFault kill = fault("kill-logic", "", Map.of());
            kill.apply();
            assertEquals(ErrorCode.ERR_OVERLOADED, errorOf(alice.answer(c2c(alice, u("alice"), u("bob"), 3), 5_000)),
                    "a gate without its logic node says retry later");
            kill.lift();
            ackedEventually(alice, 3, 2_000);
        }
    }
}
