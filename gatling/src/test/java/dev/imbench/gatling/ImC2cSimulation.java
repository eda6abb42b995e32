package dev.imbench.gatling;

import static io.gatling.javaapi.core.CoreDsl.asLongAsDuring;
import static io.gatling.javaapi.core.CoreDsl.atOnceUsers;
import static io.gatling.javaapi.core.CoreDsl.bodyBytes;
import static io.gatling.javaapi.core.CoreDsl.details;
import static io.gatling.javaapi.core.CoreDsl.exec;
import static io.gatling.javaapi.core.CoreDsl.global;
import static io.gatling.javaapi.core.CoreDsl.jsonPath;
import static io.gatling.javaapi.core.CoreDsl.nothingFor;
import static io.gatling.javaapi.core.CoreDsl.pause;
import static io.gatling.javaapi.core.CoreDsl.rampUsers;
import static io.gatling.javaapi.core.CoreDsl.scenario;
import static io.gatling.javaapi.http.HttpDsl.http;
import static io.gatling.javaapi.http.HttpDsl.status;
import static io.gatling.javaapi.http.HttpDsl.ws;

import dev.imbench.reports.summary.Judge;
import io.gatling.http.action.ws.WsInboundMessage;
import io.gatling.javaapi.core.ChainBuilder;
import io.gatling.javaapi.core.CoreDsl;
import io.gatling.javaapi.core.OpenInjectionStep;
import io.gatling.javaapi.core.ScenarioBuilder;
import io.gatling.javaapi.core.Session;
import io.gatling.javaapi.core.Simulation;
import io.gatling.javaapi.http.HttpProtocolBuilder;
import io.gatling.javaapi.http.WsFrameCheck;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * The reference wire over the WebSocket gate, in Gatling's Java DSL: SSO login over HTTP, AUTH, an
 * offline pull until an empty page, c2c sends with their ack checked, pushes received and acked,
 * keepalives, and a kickout scenario (one device type logged in twice; the first must be told).
 * Frames are the {@code protocol} module's; every send, ack and arrival also goes to imbench's
 * delivery ledger and e2e recorder ({@link ImUser}, {@link ImbenchRecorder}), so the run leaves an
 * imbench run directory whose report has the delivery verdict and the sender-to-recipient latency.
 *
 * <p>Settings are Gatling system properties ({@link GatlingSettings}): {@code -Dusers=200 -Drate=100
 * -Dramp=5 -Dduration=30 -Dserver=http://127.0.0.1:8080}; without {@code server} it starts a
 * reference server in this JVM.
 */
public class ImC2cSimulation extends Simulation {

    /** The Gatling request name of the c2c ack check (the assertion on its response time uses it). */
    static final String ACK = "c2c ack";

    private final GatlingSettings settings = GatlingSettings.fromSystemProperties();
    private final ServerTarget target = ServerTarget.resolve(settings.server());
    private final ImbenchRecorder run = ImbenchRecorder.start(settings, command());
    private final AtomicInteger kickoutUsers = new AtomicInteger();
    private final Duration answerTimeout = settings.ackTimeout();

    {
        HttpProtocolBuilder protocol = http.baseUrl(target.httpBase().toString())
                .wsUnmatchedInboundMessageBufferSize(100_000);
        Duration toSteady = settings.ramp().plusNanos(ImbenchRecorder.SETTLE_NANOS);
        OpenInjectionStep chatInjection = settings.ramp().isZero() ? atOnceUsers(settings.users())
                : rampUsers(settings.users()).during(settings.ramp());
        List<io.gatling.javaapi.core.PopulationBuilder> populations = new ArrayList<>();
        populations.add(chat().injectOpen(chatInjection));
        if (settings.kickouts() > 0) {
            populations.add(kickout().injectOpen(nothingFor(toSteady),
                    rampUsers(settings.kickouts()).during(settings.duration().dividedBy(2))));
        }
        setUp(populations).protocols(protocol).assertions(
                details(ACK).responseTime().percentile(99.0).lt((int) Math.ceil(settings.ackP99Ms())),
                details(ACK).successfulRequests().count().gt(0L),
                global().failedRequests().percent().lte(settings.maxFailedPct()));
    }

    private static String command() {
        return "mvn -pl gatling gatling:test " + String.join(" ", GatlingSettings.DEFAULTS.keySet().stream().sorted()
                .filter(k -> System.getProperty(k) != null).map(k -> "-D" + k + "=" + System.getProperty(k)).toList());
    }

    private static ImUser user(Session s) {
        return (ImUser) s.get("im");
    }

    /** The chat population: login, offline pull, steady sends, drain. */
    private ScenarioBuilder chat() {
        ChainBuilder inbound = inbound("im", "gate");
        WsFrameCheck ack = ws.checkBinaryMessage(ACK)
                .matching(bodyBytes().transformWithSession((b, s) -> user(s).answersOrKeep(b)).is(true))
                .check(bodyBytes().transformWithSession((b, s) -> user(s).ackAnswered(b)).is(true));
        ChainBuilder steady = exec(s -> {
            user(s).planSends();
            return s;
        }).asLongAs(s -> user(s).sending()).on(
                exec(inbound)
                        .doIfOrElse(s -> user(s).sendDue()).then(
                                exec(ws("c2c send", "gate").sendBytes(s -> user(s).send()).await(answerTimeout).on(ack))
                                        .exec(s -> {
                                            user(s).sendSettled();
                                            return s;
                                        }))
                        .orElse(pause(s -> user(s).pauseSlice()))
                        .doIf(s -> user(s).keepaliveDue()).then(exec(inbound).exec(keepalive("im", "gate"))))
                .exec(s -> {
                    user(s).doneSending();
                    return s;
                });
        ChainBuilder drain = asLongAsDuring(s -> !user(s).othersSettled(), settings.drainTimeout())
                .on(exec(inbound).pause(Duration.ofMillis(20)))
                .exec(inbound)
                .exec(pullUntilEmpty("im", "gate"))
                .exec(inbound)
                .exec(s -> {
                    user(s).drained();
                    return s;
                })
                .exec(ws("close", "gate").close());
        return scenario("chat")
                .exec(s -> s.set("im", ImUser.chat(run)))
                .exec(login("im", "gate"))
                .exitHereIfFailed()
                .exec(pullUntilEmpty("im", "gate"))
                .exitHereIfFailed()
                .exec(steady)
                .exec(drain);
    }

    /** One user logging one device in twice: the server must kick the first (same device type). */
    private ScenarioBuilder kickout() {
        return scenario("kickout")
                .exec(s -> s.set("first", ImUser.kickoutFirst(run, kickoutUsers.getAndIncrement())))
                .exec(login("first", "first device"))
                .exitHereIfFailed()
                .exec(s -> s.set("second", ((ImUser) s.get("first")).secondDevice()))
                .exec(login("second", "second device"))
                .exitHereIfFailed()
                .asLongAsDuring(s -> !((ImUser) s.get("first")).kicked(), answerTimeout)
                .on(exec(inbound("first", "first device")).pause(Duration.ofMillis(20)))
                .exec(inbound("second", "second device"))
                .exec(ws("kickout seen", "second device").sendBytes(s -> ((ImUser) s.get("second")).keepalive())
                        .await(answerTimeout).on(ws.checkBinaryMessage("kickout told the first device")
                                .matching(bodyBytes().transformWithSession((b, s) -> ((ImUser) s.get("second")).answersOrKeep(b)).is(true))
                                .check(bodyBytes().transform(ImUser::keepaliveAnswered).is(true),
                                        bodyBytes().transformWithSession((b, s) -> ((ImUser) s.get("second"))
                                                .firstDeviceKicked()).is(true))))
                .exec(ws("close second", "second device").close())
                .exec(ws("close first", "first device").close());
    }

    /** SSO over HTTP, then the WebSocket and AUTH with the token. */
    private ChainBuilder login(String key, String wsName) {
        Function<Session, ImUser> u = s -> (ImUser) s.get(key);
        return exec(http("sso login").post("/sso/login")
                        .body(CoreDsl.StringBody(s -> u.apply(s).ssoBody())).asJson()
                        .check(status().is(200), jsonPath("$.token").saveAs("token")))
                .doIf(Session::isFailed).then(exec(s -> {
                    u.apply(s).ssoFailed();
                    return s;
                }))
                .exitHereIfFailed()
                .exec(ws("connect", wsName).connect(target.ws().toString()))
                .exec(ws("auth", wsName).sendBytes(s -> u.apply(s).auth(s.getString("token")))
                        .await(answerTimeout).on(ws.checkBinaryMessage("auth ok")
                                .matching(bodyBytes().transformWithSession((b, s) -> u.apply(s).answersOrKeep(b)).is(true))
                                .check(bodyBytes().transformWithSession((b, s) -> u.apply(s).authAnswered(b)).is(true))));
    }

    /** PULL_REQ pages from the user's cursor until an empty page. */
    private ChainBuilder pullUntilEmpty(String key, String wsName) {
        Function<Session, ImUser> u = s -> (ImUser) s.get(key);
        return exec(s -> {
            u.apply(s).pullAgain();
            return s;
        }).asLongAs(s -> !u.apply(s).pullDone() && !s.isFailed()).on(
                exec(inbound(key, wsName)).exec(ws("pull", wsName).sendBytes(s -> u.apply(s).pull()).await(answerTimeout).on(
                        ws.checkBinaryMessage("pull page")
                                .matching(bodyBytes().transformWithSession((b, s) -> u.apply(s).answersOrKeep(b)).is(true))
                                .check(bodyBytes().transformWithSession((b, s) -> u.apply(s).pullAnswered(b)).is(true)))));
    }

    /** KEEPALIVE_REQ, its answer checked. */
    private ChainBuilder keepalive(String key, String wsName) {
        Function<Session, ImUser> u = s -> (ImUser) s.get(key);
        return exec(ws("keepalive", wsName).sendBytes(s -> u.apply(s).keepalive()).await(answerTimeout).on(
                ws.checkBinaryMessage("keepalive answered")
                        .matching(bodyBytes().transformWithSession((b, s) -> u.apply(s).answersOrKeep(b)).is(true))
                        .check(bodyBytes().transform(ImUser::keepaliveAnswered).is(true))));
    }

    /**
     * The messages no check took (pushes, a kickout, late acks) into the ledger, then the push acks
     * they call for. Every send of the simulation comes right after this: Gatling 3.14 empties its
     * unmatched-message buffer whenever a frame is sent, so a push buffered before a send and not read
     * first would be lost to the simulation (the ledger would call it lost).
     */
    private static ChainBuilder inbound(String key, String wsName) {
        ChainBuilder collect = exec(ws.processUnmatchedMessages(wsName, (messages, s) -> {
            List<byte[]> bytes = new ArrayList<>(messages.size());
            List<Long> at = new ArrayList<>(messages.size());
            for (WsInboundMessage m : messages) {
                if (m instanceof WsInboundMessage.Binary b) {
                    bytes.add(b.message());
                    at.add(b.timestamp());
                }
            }
            ((ImUser) s.get(key)).inbound(bytes, at);
            return s;
        }));
        // Each send, the push acks' and the caller's, comes right after a read: going round or leaving a
        // Gatling loop may pass through the event loop (tens of ms on a busy machine), and a push buffered
        // meanwhile would be emptied by the send.
        return exec(collect).asLongAs(s -> ((ImUser) s.get(key)).ackDue()).on(
                exec(collect).exec(ws("push ack", wsName).sendBytes(s -> ((ImUser) s.get(key)).nextAck())))
                .exec(collect);
    }

    @Override
    public void after() {
        try {
            Judge.Outcome o = run.finish(target.metrics());
            System.out.println("imbench: run directory " + run.directory().toAbsolutePath());
            System.out.println("imbench: " + o.line());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the imbench run directory " + run.directory(), e);
        } finally {
            target.close();
        }
    }
}
