package dev.imbench.sim;

import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.sim.business.BusinessApi;
import dev.imbench.sim.client.ClientSettings;
import dev.imbench.sim.client.TokenSource;
import dev.imbench.sim.load.ShardPlan;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.function.IntFunction;

/**
 * Everything a {@link Simulation} needs, immutable and validated. Build with
 * {@link #builder()}; every field has a named default except the transport and
 * the token source.
 *
 * @param seed                run seed: every random decision derives from it and the client index
 * @param clients             number of client indexes (uids {@code uidPrefix + index})
 * @param uidPrefix           uid prefix
 * @param transport           where and how clients connect
 * @param tokens              SSO token source
 * @param deviceTypes         device type of client i is {@code deviceTypes[i % size]}
 * @param groups              member lists (client indexes) of the groups the simulation uses
 * @param client              per-client behaviour
 * @param traceUids           uids whose frames are traced into {@code trace/<uid>.log}
 * @param maxConnectsInFlight bound on concurrent local connects
 * @param connectTimeoutMillis connect timeout
 * @param sliceOf             the network slice (profile name) of a client index, null for none: its
 *                            latencies also go to {@code latency/slice/<profile>/}, its deliveries to
 *                            {@code delivery.json} {@code bySlice}
 * @param business            the business API (s2c pushes, the c2s consumer), null for none: then a phase with
 *                            c2s or s2c rates is refused
 * @param businessLine        the business line clients report to and pushes name
 * @param shard               which client indexes this process runs (all but one shard's stay unstarted);
 *                            {@code clients} stays the whole population, so every shard draws the same plan
 */
public record SimulationConfig(long seed, int clients, String uidPrefix, TransportSpec transport, TokenSource tokens,
                               List<DeviceType> deviceTypes, List<int[]> groups, ClientSettings client,
                               Set<String> traceUids, int maxConnectsInFlight, int connectTimeoutMillis,
                               IntFunction<String> sliceOf, BusinessApi business, String businessLine,
                               ShardPlan shard) {

    /** Default seed. */
    public static final long SEED_DEFAULT = 1;
    /** Default uid prefix. */
    public static final String UID_PREFIX_DEFAULT = "u";
    /** Default device types: all clients are phones. */
    public static final List<DeviceType> DEVICE_TYPES_DEFAULT = List.of(DeviceType.ANDROID);
    /** Default bound on local connects in flight. */
    public static final int MAX_CONNECTS_IN_FLIGHT_DEFAULT = 1000;
    /** Default business line of c2s reports and s2c pushes. */
    public static final String BUSINESS_LINE_DEFAULT = "imbench";
    /** Default connect timeout. */
    public static final int CONNECT_TIMEOUT_MILLIS_DEFAULT = 5000;

    /** Validates and copies. */
    public SimulationConfig {
        if (clients < 1) {
            throw new IllegalArgumentException("clients must be >= 1, was " + clients);
        }
        Objects.requireNonNull(uidPrefix, "uidPrefix");
        Objects.requireNonNull(transport, "transport: set tcp(...) or local(...)");
        Objects.requireNonNull(tokens, "tokens: set a token source");
        if (deviceTypes == null || deviceTypes.isEmpty()) {
            throw new IllegalArgumentException("deviceTypes must not be empty");
        }
        deviceTypes = List.copyOf(deviceTypes);
        groups = groups.stream().map(int[]::clone).toList();
        for (int g = 0; g < groups.size(); g++) {
            for (int m : groups.get(g)) {
                if (m < 0 || m >= clients) {
                    throw new IllegalArgumentException("group " + g + " has member " + m + " outside 0.." + (clients - 1));
                }
            }
            if (groups.get(g).length < 1) {
                throw new IllegalArgumentException("group " + g + " has no members");
            }
        }
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(sliceOf, "sliceOf");
        Objects.requireNonNull(shard, "shard");
        traceUids = Set.copyOf(traceUids);
        Objects.requireNonNull(businessLine, "businessLine");
        if (businessLine.isEmpty() || !businessLine.chars().allMatch(c -> c < 128 && (Character.isLetterOrDigit(c)
                || c == '-' || c == '_' || c == '.'))) {
            throw new IllegalArgumentException("businessLine must be letters, digits, '-', '_' or '.', was '"
                    + businessLine + "'");
        }
        if (maxConnectsInFlight < 1 || connectTimeoutMillis < 1) {
            throw new IllegalArgumentException("maxConnectsInFlight and connectTimeoutMillis must be >= 1");
        }
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Fluent builder of a {@link SimulationConfig}. */
    public static final class Builder {
        private long seed = SEED_DEFAULT;
        private int clients = 100;
        private String uidPrefix = UID_PREFIX_DEFAULT;
        private TransportSpec transport;
        private TokenSource tokens;
        private List<DeviceType> deviceTypes = DEVICE_TYPES_DEFAULT;
        private List<int[]> groups = List.of();
        private ClientSettings client = ClientSettings.DEFAULTS;
        private Set<String> traceUids = Set.of();
        private int maxConnectsInFlight = MAX_CONNECTS_IN_FLIGHT_DEFAULT;
        private int connectTimeoutMillis = CONNECT_TIMEOUT_MILLIS_DEFAULT;
        private IntFunction<String> sliceOf = i -> null;
        private BusinessApi business;
        private String businessLine = BUSINESS_LINE_DEFAULT;
        private ShardPlan shard = ShardPlan.WHOLE;

        /** Run seed. */
        public Builder seed(long v) { seed = v; return this; }

        /** Client count. */
        public Builder clients(int v) { clients = v; return this; }

        /** Uid prefix. */
        public Builder uidPrefix(String v) { uidPrefix = v; return this; }

        /** Transport and target. */
        public Builder transport(TransportSpec v) { transport = v; return this; }

        /** Token source. */
        public Builder tokens(TokenSource v) { tokens = v; return this; }

        /** Device types, cycled over client indexes. */
        public Builder deviceTypes(List<DeviceType> v) { deviceTypes = v; return this; }

        /** Groups by member client indexes. */
        public Builder groups(List<int[]> v) { groups = v; return this; }

        /** Client behaviour. */
        public Builder client(ClientSettings v) { client = v; return this; }

        /** Traced uids. */
        public Builder traceUids(Set<String> v) { traceUids = v; return this; }

        /** Local connects in flight. */
        public Builder maxConnectsInFlight(int v) { maxConnectsInFlight = v; return this; }

        /** Connect timeout. */
        public Builder connectTimeoutMillis(int v) { connectTimeoutMillis = v; return this; }

        /** The network slice (profile name) of each client index, null for none. */
        public Builder sliceOf(IntFunction<String> v) { sliceOf = v; return this; }

        /** The business API for c2s and s2c (null: none). */
        public Builder business(BusinessApi v) { business = v; return this; }

        /** The business line of c2s reports and s2c pushes. */
        public Builder businessLine(String v) { businessLine = v; return this; }

        /** The shard of the population this process runs. */
        public Builder shard(ShardPlan v) { shard = v; return this; }

        /** The validated config. */
        public SimulationConfig build() {
            return new SimulationConfig(seed, clients, uidPrefix, transport, tokens, deviceTypes, groups, client,
                    traceUids, maxConnectsInFlight, connectTimeoutMillis, sliceOf, business, businessLine, shard);
        }
    }
}
