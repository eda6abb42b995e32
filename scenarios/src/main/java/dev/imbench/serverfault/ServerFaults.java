package dev.imbench.serverfault;

import dev.imbench.scenario.Durations;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import java.util.stream.IntStream;

/**
 * The server-side fault actions, by name: which ones exist, what each needs of the server (checked
 * before anything starts), what the runner must place for it, and the {@link ServerFault} that does it.
 *
 * <table>
 * <caption>actions</caption>
 * <tr><th>action</th><th>apply</th><th>lift</th><th>parameters</th></tr>
 * <tr><td>{@code cut-mysql}, {@code cut-redis}</td><td>the proxy in front of the back end cuts</td><td>clean again</td>
 *     <td>{@code mode}: {@code reset} (default: connections reset, new ones refused) or {@code blackhole}
 *     (connections held, nothing passes)</td></tr>
 * <tr><td>{@code slow-mysql}, {@code slow-redis}</td><td>every answer delayed</td><td>clean again</td>
 *     <td>{@code latency} (default 200ms), {@code jitter} (default 0)</td></tr>
 * <tr><td>{@code restart-redis}</td><td>the private redis-server is SIGKILLed</td><td>started again, empty</td><td></td></tr>
 * <tr><td>{@code kill-gate}, {@code kill-logic}</td><td>the node is killed</td><td>started again on its ports</td>
 *     <td>{@code target}: a node id ({@code gate-2}); empty = a seed-derived live one</td></tr>
 * <tr><td>{@code restart-gate}, {@code restart-logic}</td><td>killed and started again at once</td><td>nothing</td>
 *     <td>{@code target} as above</td></tr>
 * <tr><td>{@code partition-link}</td><td>the gate's links to every logic node are black-holed</td><td>clean again
 *     (held links closed: the gate re-dials)</td><td>{@code target}: a gate id; empty = every gate; {@code mode} as for cuts
 *     (default {@code blackhole})</td></tr>
 * </table>
 */
public final class ServerFaults {

    /** Every server-side action. */
    public static final Set<String> ACTIONS = Set.copyOf(new TreeSet<>(List.of("cut-mysql", "slow-mysql", "cut-redis",
            "slow-redis", "restart-redis", "kill-gate", "restart-gate", "kill-logic", "restart-logic", "partition-link")));

    /** Default added latency of {@code slow-*}. */
    public static final Duration DEFAULT_LATENCY = Duration.ofMillis(200);

    private ServerFaults() {
    }

    /** Whether {@code action} is a server-side one. */
    public static boolean isServerAction(String action) {
        return ACTIONS.contains(action);
    }

    /**
     * Why a server with these settings cannot take {@code action} (empty: it can).
     *
     * @param inProcess whether the runner starts the server (faults cannot reach an external one)
     * @param storage   {@code memory} or {@code mysql}
     * @param routing   {@code memory} or {@code redis}
     * @param logicNodes logic nodes (0: one node doing both)
     */
    public static Optional<String> refusal(String action, String target, boolean inProcess, String storage, String routing,
                                           int gates, int logicNodes) {
        if (!inProcess) {
            return Optional.of("not with server.iplistUrl (the runner can break only a server it started)");
        }
        boolean mysql = storage.equals("mysql");
        boolean redis = routing.equals("redis");
        String need = switch (action) {
            case "cut-mysql", "slow-mysql" -> mysql ? null : "storage mysql (there is no MySQL path to break)";
            case "cut-redis", "slow-redis", "restart-redis" -> redis ? null : "routing redis (there is no Redis to break)";
            case "kill-gate", "restart-gate" -> mysql && redis ? null
                    : "storage mysql and routing redis (an in-memory server's messages and routes die with it)";
            case "kill-logic", "restart-logic", "partition-link" -> logicNodes > 0 ? null
                    : "server.logicNodes >= 1 (without the split topology there is no logic node or link)";
            default -> "nothing: it is not a server-side action";
        };
        if (need != null) {
            return Optional.of("needs " + need);
        }
        if (!target.isEmpty()) {
            List<String> ids = switch (action) {
                case "kill-gate", "restart-gate", "partition-link" -> logicNodes > 0
                        ? IntStream.rangeClosed(1, gates).mapToObj(i -> "gate-" + i).toList()
                        : List.of("gate-1");
                case "kill-logic", "restart-logic" ->
                        IntStream.rangeClosed(1, logicNodes).mapToObj(i -> "logic-" + i).toList();
                default -> null;
            };
            if (ids == null) {
                return Optional.of("takes no target (it has one thing to break), got '" + target + "'");
            }
            if (!ids.contains(target)) {
                return Optional.of("target '" + target + "' is no node of this server; nodes: " + ids);
            }
        }
        return Optional.empty();
    }

    /** What the runner must place for {@code action}. */
    public static ServerSide.Placement placement(String action) {
        return switch (action) {
            case "cut-mysql", "slow-mysql" -> new ServerSide.Placement(true, false, false, false);
            case "cut-redis", "slow-redis" -> new ServerSide.Placement(false, true, false, false);
            case "restart-redis" -> new ServerSide.Placement(false, false, true, false);
            case "partition-link" -> new ServerSide.Placement(false, false, false, true);
            default -> ServerSide.Placement.NONE;
        };
    }

    /**
     * The fault for {@code action} on {@code side}.
     *
     * @param target     a node id, or empty (a seed-derived choice among live nodes, made when applied)
     * @param parameters the action's options (text as in the scenario file, checked by its syntax)
     * @param choice     draws the node when {@code target} is empty
     * @throws IllegalArgumentException for an unknown action or a bad value
     */
    public static ServerFault create(String action, String target, Map<String, String> parameters, ServerSide side,
                                     SplittableRandom choice) {
        return switch (action) {
            case "cut-mysql" -> new PathCut("mysql", side.mysqlPath().orElseThrow(ServerFaults::notPlaced),
                    CutMode.parse(parameters.getOrDefault("mode", "reset")));
            case "cut-redis" -> new PathCut("redis", side.redisPath().orElseThrow(ServerFaults::notPlaced),
                    CutMode.parse(parameters.getOrDefault("mode", "reset")));
            case "slow-mysql" -> new PathSlow("mysql", side.mysqlPath().orElseThrow(ServerFaults::notPlaced),
                    duration(parameters, "latency", DEFAULT_LATENCY), duration(parameters, "jitter", Duration.ZERO));
            case "slow-redis" -> new PathSlow("redis", side.redisPath().orElseThrow(ServerFaults::notPlaced),
                    duration(parameters, "latency", DEFAULT_LATENCY), duration(parameters, "jitter", Duration.ZERO));
            case "restart-redis" -> new RedisRestart(side.privateRedis().orElseThrow(ServerFaults::notPlaced));
            case "kill-gate" -> new NodeKill(side.gates(), target, choice, false);
            case "restart-gate" -> new NodeKill(side.gates(), target, choice, true);
            case "kill-logic" -> new NodeKill(side.logicNodes(), target, choice, false);
            case "restart-logic" -> new NodeKill(side.logicNodes(), target, choice, true);
            case "partition-link" -> new LinkPartition(side.links().orElseThrow(ServerFaults::notPlaced), target,
                    CutMode.parse(parameters.getOrDefault("mode", "blackhole")));
            default -> throw new IllegalArgumentException("unknown server-side fault action '" + action + "'; known: " + ACTIONS);
        };
    }

    private static IllegalStateException notPlaced() {
        return new IllegalStateException("the runner did not place what this fault breaks (see ServerFaults.placement)");
    }

    private static Duration duration(Map<String, String> p, String key, Duration dflt) {
        String v = p.get(key);
        if (v == null) {
            return dflt;
        }
        try {
            Duration d = Durations.parse(v);
            if (d.isNegative() || d.compareTo(Duration.ofMinutes(1)) > 0) {
                throw new IllegalArgumentException("out of range");
            }
            return d;
        } catch (RuntimeException e) {
            throw new IllegalArgumentException(key + " must be a duration from 0 to 1m, such as 200ms; got '" + v + "'");
        }
    }
}
