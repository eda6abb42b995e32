package dev.imbench.server;

import dev.imbench.server.gate.OutboundLimits;
import dev.imbench.server.gate.RequestRules;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Every setting of the reference server, immutable and validated. The defaults are the named
 * {@code DEFAULT_*} constants; {@link #defaults()} and {@link #builder()} start from them, and
 * {@link #fromMap(Map)} fills a config from a YAML-like map (keys are the builder's method names).
 *
 * <p>A port of 0 means "an ephemeral port chosen at bind time"; a negative port disables that listener.
 *
 * @param bindHost           host the TCP, WebSocket and HTTP listeners bind to
 * @param tcpPort            TCP gate port
 * @param wsPort             WebSocket gate port
 * @param wsPath             WebSocket endpoint path
 * @param httpPort           HTTP port (SSO, iplist, business API, metrics)
 * @param localAddressName   name of the in-JVM {@code LocalAddress}; empty = a unique generated name
 * @param gateId             this gate's id in routing entries
 * @param tokenSecret        HMAC-SHA256 key of SSO tokens
 * @param tokenTtl           lifetime of an issued token
 * @param apiSecret          shared secret of the business API ({@code Authorization: Bearer …}); empty = a random
 *                           one generated at start ({@code ImServer.apiSecret()}, printed by {@code imbench server})
 * @param ssoMode            who may mint tokens at {@code /sso/login}
 * @param ssoCredential      the credential {@link SsoMode#CREDENTIAL} asks for
 * @param httpReadTimeout    an HTTP connection with no complete request for this long is closed
 * @param httpRequestTimeout an HTTP request not answered within this is answered 503
 * @param offlinePushDelay   delay after which an undelivered c2c/c2g message triggers an offline push
 * @param fanoutMode         group message diffusion mode
 * @param idleTimeout        a connection with no complete inbound frame for this long is closed (bytes that
 *                           never make a frame do not count)
 * @param authTimeout        a gate connection unauthenticated for this long (from connect or logout) is closed
 * @param maxConnections     gate connections open at once (TCP + WebSocket + local); more are closed at accept
 * @param maxConnectionsPerAddress gate connections from one source IP address; 0 = no cap
 * @param maxBodyLength      largest frame body in bytes, in both directions (the decoder refuses a larger one)
 * @param maxContentLength   largest message content (c2c/c2g/ctrl content, s2c payload) in UTF-8 bytes; at most
 *                           {@code maxBodyLength - CONTENT_RESERVE}, so every push and pull page carrying it fits a frame
 * @param maxGroupMembers    largest member count of a group (an add beyond it is refused)
 * @param pullDefaultLimit   page size of a pull whose limit is 0
 * @param pullMaxLimit       largest page size a pull may ask for
 * @param kickoutGrace       time between the kickout frame and closing the kicked socket
 * @param ackFlushInterval   period of the delivery-ack buffer flush (c2g)
 * @param ioThreads          Netty I/O threads; 0 = Netty's default
 * @param writeLowWaterMark  outbound bytes below which a paused client is read again
 * @param writeHighWaterMark outbound bytes above which the backpressure policy applies
 * @param backpressure       what to do past the high water mark
 * @param maxInFlight        requests of one connection awaiting their answer; at this count the gate stops
 *                           reading that connection until answers went out
 * @param writeHardLimit     outbound bytes queued for one connection above which it is closed
 * @param logicThreads       0 = run the logic on the gate's event loop (embedded back ends never
 *                           block); N &gt; 0 = on N logic threads, each session pinned to one (keeps
 *                           its frames in order), for blocking back ends such as MySQL
 * @param logicQueueCapacity frames waiting per logic thread; beyond it a request gets ERR_OVERLOADED
 * @param advertiseHost      the host a gate names in {@code /iplist} and its routing announcement; empty = the
 *                           bind host (set it when binding 0.0.0.0 in a container: the pod IP or the service name)
 */
public record ServerConfig(String bindHost, int tcpPort, int wsPort, String wsPath, int httpPort,
                           String localAddressName, String gateId, String tokenSecret, Duration tokenTtl,
                           String apiSecret, SsoMode ssoMode, String ssoCredential, Duration httpReadTimeout,
                           Duration httpRequestTimeout,
                           Duration offlinePushDelay, FanoutMode fanoutMode, Duration idleTimeout,
                           Duration authTimeout, int maxConnections, int maxConnectionsPerAddress,
                           int maxBodyLength, int maxContentLength, int maxGroupMembers, int pullDefaultLimit, int pullMaxLimit, Duration kickoutGrace,
                           Duration ackFlushInterval, int ioThreads, int writeLowWaterMark,
                           int writeHighWaterMark, BackpressurePolicy backpressure, int maxInFlight, int writeHardLimit,
                           int logicThreads,
                           int logicQueueCapacity, String advertiseHost) {

    public static final String DEFAULT_BIND_HOST = "127.0.0.1";
    public static final int DEFAULT_TCP_PORT = 0;
    public static final int DEFAULT_WS_PORT = 0;
    public static final String DEFAULT_WS_PATH = "/ws";
    public static final int DEFAULT_HTTP_PORT = 0;
    public static final String DEFAULT_LOCAL_ADDRESS_NAME = "";
    public static final String DEFAULT_GATE_ID = "gate-1";
    /** A development secret: set your own for anything but local runs. */
    public static final String DEFAULT_TOKEN_SECRET = "imbench-dev-secret-change-me";
    public static final Duration DEFAULT_TOKEN_TTL = Duration.ofHours(24);
    /** Empty: a random secret is generated at start. */
    public static final String DEFAULT_API_SECRET = "";
    public static final SsoMode DEFAULT_SSO_MODE = SsoMode.LOOPBACK;
    public static final String DEFAULT_SSO_CREDENTIAL = "";
    public static final Duration DEFAULT_HTTP_READ_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_HTTP_REQUEST_TIMEOUT = Duration.ofSeconds(10);
    public static final Duration DEFAULT_OFFLINE_PUSH_DELAY = Duration.ofSeconds(5);
    public static final FanoutMode DEFAULT_FANOUT_MODE = FanoutMode.WRITE;
    public static final Duration DEFAULT_IDLE_TIMEOUT = Duration.ofSeconds(180);
    public static final Duration DEFAULT_AUTH_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_MAX_CONNECTIONS = 200_000;
    /** Off by default: a load generator opens all its clients from one address. */
    public static final int DEFAULT_MAX_CONNECTIONS_PER_ADDRESS = 0;
    public static final int DEFAULT_MAX_BODY_LENGTH = 64 * 1024;
    /**
     * Bytes of a frame body kept for the fields the server adds around a content (sender, group, msgid, times,
     * client_msg_id, protobuf tags); uids and business names are at most {@code Identifiers.MAX_LENGTH} long.
     */
    public static final int CONTENT_RESERVE = 1024;
    public static final int DEFAULT_MAX_CONTENT_LENGTH = DEFAULT_MAX_BODY_LENGTH - CONTENT_RESERVE;
    public static final int DEFAULT_MAX_GROUP_MEMBERS = 5_000;
    public static final int DEFAULT_PULL_DEFAULT_LIMIT = 10;
    public static final int DEFAULT_PULL_MAX_LIMIT = 100;
    public static final Duration DEFAULT_KICKOUT_GRACE = Duration.ofMillis(200);
    public static final Duration DEFAULT_ACK_FLUSH_INTERVAL = Duration.ofMillis(100);
    public static final int DEFAULT_IO_THREADS = 0;
    public static final int DEFAULT_WRITE_LOW_WATER_MARK = 32 * 1024;
    public static final int DEFAULT_WRITE_HIGH_WATER_MARK = 256 * 1024;
    public static final BackpressurePolicy DEFAULT_BACKPRESSURE = BackpressurePolicy.PAUSE_READ;
    public static final int DEFAULT_MAX_IN_FLIGHT = 32;
    public static final int DEFAULT_WRITE_HARD_LIMIT = 4 * 1024 * 1024;
    public static final int DEFAULT_LOGIC_THREADS = 0;
    public static final int DEFAULT_LOGIC_QUEUE_CAPACITY = 10_000;

    /** Validates every setting; throws IllegalArgumentException naming the bad one. */
    public ServerConfig {
        Objects.requireNonNull(bindHost, "bindHost");
        Objects.requireNonNull(advertiseHost, "advertiseHost");
        Objects.requireNonNull(wsPath, "wsPath");
        Objects.requireNonNull(localAddressName, "localAddressName");
        Objects.requireNonNull(fanoutMode, "fanoutMode");
        Objects.requireNonNull(backpressure, "backpressure");
        port("tcpPort", tcpPort);
        port("wsPort", wsPort);
        port("httpPort", httpPort);
        require(wsPath.startsWith("/"), "wsPath must start with '/': " + wsPath);
        require(gateId != null && !gateId.isBlank(), "gateId must not be blank");
        require(tokenSecret != null && tokenSecret.length() >= 8, "tokenSecret must have at least 8 characters");
        positive("tokenTtl", tokenTtl);
        Objects.requireNonNull(apiSecret, "apiSecret");
        Objects.requireNonNull(ssoMode, "ssoMode");
        Objects.requireNonNull(ssoCredential, "ssoCredential");
        require(apiSecret.isEmpty() || apiSecret.length() >= 16, "apiSecret must have at least 16 characters (or be"
                + " empty: generated at start)");
        require(ssoMode != SsoMode.CREDENTIAL || ssoCredential.length() >= 16,
                "ssoMode CREDENTIAL needs an ssoCredential of at least 16 characters");
        positive("httpReadTimeout", httpReadTimeout);
        positive("httpRequestTimeout", httpRequestTimeout);
        positive("offlinePushDelay", offlinePushDelay);
        positive("idleTimeout", idleTimeout);
        positive("authTimeout", authTimeout);
        require(maxConnections > 0, "maxConnections must be > 0: " + maxConnections);
        require(maxConnectionsPerAddress >= 0, "maxConnectionsPerAddress must be >= 0 (0 = no cap): "
                + maxConnectionsPerAddress);
        positive("ackFlushInterval", ackFlushInterval);
        require(kickoutGrace != null && !kickoutGrace.isNegative(), "kickoutGrace must be >= 0");
        require(maxBodyLength > CONTENT_RESERVE, "maxBodyLength must be > " + CONTENT_RESERVE + ": " + maxBodyLength);
        require(maxContentLength > 0 && maxContentLength <= maxBodyLength - CONTENT_RESERVE,
                "need 0 < maxContentLength <= maxBodyLength - " + CONTENT_RESERVE + " (room for the fields a push adds): "
                        + maxContentLength + ", maxBodyLength " + maxBodyLength);
        require(maxGroupMembers > 0, "maxGroupMembers must be > 0: " + maxGroupMembers);
        require(pullDefaultLimit > 0, "pullDefaultLimit must be > 0: " + pullDefaultLimit);
        require(pullMaxLimit >= pullDefaultLimit, "pullMaxLimit must be >= pullDefaultLimit: " + pullMaxLimit);
        require(ioThreads >= 0, "ioThreads must be >= 0: " + ioThreads);
        require(logicThreads >= 0, "logicThreads must be >= 0: " + logicThreads);
        require(logicQueueCapacity > 0, "logicQueueCapacity must be > 0: " + logicQueueCapacity);
        require(maxInFlight > 0, "maxInFlight must be > 0: " + maxInFlight);
        require(writeHardLimit > writeHighWaterMark,
                "writeHardLimit must be > writeHighWaterMark: " + writeHardLimit + ", " + writeHighWaterMark);
        require(writeLowWaterMark > 0 && writeHighWaterMark > writeLowWaterMark,
                "need 0 < writeLowWaterMark < writeHighWaterMark: " + writeLowWaterMark + ", " + writeHighWaterMark);
    }

    /** The gate's request rules from these limits. */
    public RequestRules requestRules() {
        return new RequestRules(maxContentLength, maxGroupMembers);
    }

    /** What one connection may make the gate queue. */
    public OutboundLimits outboundLimits() {
        return new OutboundLimits(maxInFlight, writeHardLimit);
    }

    /** The defaults. */
    public static ServerConfig defaults() {
        return builder().build();
    }

    /** A builder holding the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** A builder holding this config's values. */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * A config from a map such as a parsed YAML section: keys are the builder's method names
     * ({@code tcpPort}, {@code offlinePushDelay}, …); durations are written by
     * {@link DurationText}'s rule ({@code "5s"}, {@code "200ms"}, {@code "3m"}, {@code "PT5S"}; a bare
     * number is refused); enums are names in any case. Missing keys keep their defaults; an unknown key is an error.
     */
    public static ServerConfig fromMap(Map<String, ?> values) {
        return ServerConfigMapper.apply(builder(), values).build();
    }

    /** This config as a map that {@link #fromMap} reads back (durations as {@code 1500ms} / {@code 30s}). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        for (var c : ServerConfig.class.getRecordComponents()) {
            try {
                Object v = c.getAccessor().invoke(this);
                m.put(c.getName(), v instanceof Duration d ? DurationText.format(d) : v instanceof Enum<?> e ? e.name() : v);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
        }
        return m;
    }

    private static void port(String name, int p) {
        require(p <= 65535, name + " must be <= 65535: " + p);
    }

    private static void positive(String name, Duration d) {
        require(d != null && d.compareTo(Duration.ZERO) > 0, name + " must be > 0: " + d);
    }

    private static void require(boolean ok, String message) {
        if (!ok) {
            throw new IllegalArgumentException(message);
        }
    }

    /** Fluent builder; {@link #build()} validates. */
    public static final class Builder {
        String bindHost = DEFAULT_BIND_HOST;
        int tcpPort = DEFAULT_TCP_PORT;
        int wsPort = DEFAULT_WS_PORT;
        String wsPath = DEFAULT_WS_PATH;
        int httpPort = DEFAULT_HTTP_PORT;
        String localAddressName = DEFAULT_LOCAL_ADDRESS_NAME;
        String gateId = DEFAULT_GATE_ID;
        String tokenSecret = DEFAULT_TOKEN_SECRET;
        Duration tokenTtl = DEFAULT_TOKEN_TTL;
        String apiSecret = DEFAULT_API_SECRET;
        SsoMode ssoMode = DEFAULT_SSO_MODE;
        String ssoCredential = DEFAULT_SSO_CREDENTIAL;
        Duration httpReadTimeout = DEFAULT_HTTP_READ_TIMEOUT;
        Duration httpRequestTimeout = DEFAULT_HTTP_REQUEST_TIMEOUT;
        Duration offlinePushDelay = DEFAULT_OFFLINE_PUSH_DELAY;
        FanoutMode fanoutMode = DEFAULT_FANOUT_MODE;
        Duration idleTimeout = DEFAULT_IDLE_TIMEOUT;
        Duration authTimeout = DEFAULT_AUTH_TIMEOUT;
        int maxConnections = DEFAULT_MAX_CONNECTIONS;
        int maxConnectionsPerAddress = DEFAULT_MAX_CONNECTIONS_PER_ADDRESS;
        int maxBodyLength = DEFAULT_MAX_BODY_LENGTH;
        /** 0 = derived at build: {@code maxBodyLength - CONTENT_RESERVE}. */
        int maxContentLength = 0;
        int maxGroupMembers = DEFAULT_MAX_GROUP_MEMBERS;
        int pullDefaultLimit = DEFAULT_PULL_DEFAULT_LIMIT;
        int pullMaxLimit = DEFAULT_PULL_MAX_LIMIT;
        Duration kickoutGrace = DEFAULT_KICKOUT_GRACE;
        Duration ackFlushInterval = DEFAULT_ACK_FLUSH_INTERVAL;
        int ioThreads = DEFAULT_IO_THREADS;
        int writeLowWaterMark = DEFAULT_WRITE_LOW_WATER_MARK;
        int writeHighWaterMark = DEFAULT_WRITE_HIGH_WATER_MARK;
        BackpressurePolicy backpressure = DEFAULT_BACKPRESSURE;
        int maxInFlight = DEFAULT_MAX_IN_FLIGHT;
        int writeHardLimit = DEFAULT_WRITE_HARD_LIMIT;
        int logicThreads = DEFAULT_LOGIC_THREADS;
        int logicQueueCapacity = DEFAULT_LOGIC_QUEUE_CAPACITY;
        String advertiseHost = "";

        Builder() {
        }

        Builder(ServerConfig c) {
            bindHost = c.bindHost; tcpPort = c.tcpPort; wsPort = c.wsPort; wsPath = c.wsPath;
            httpPort = c.httpPort; localAddressName = c.localAddressName; gateId = c.gateId;
            tokenSecret = c.tokenSecret; tokenTtl = c.tokenTtl;
            apiSecret = c.apiSecret; ssoMode = c.ssoMode; ssoCredential = c.ssoCredential;
            httpReadTimeout = c.httpReadTimeout; httpRequestTimeout = c.httpRequestTimeout; offlinePushDelay = c.offlinePushDelay;
            fanoutMode = c.fanoutMode; idleTimeout = c.idleTimeout;
            authTimeout = c.authTimeout; maxConnections = c.maxConnections;
            maxConnectionsPerAddress = c.maxConnectionsPerAddress; maxBodyLength = c.maxBodyLength;
            maxContentLength = c.maxContentLength;
            maxGroupMembers = c.maxGroupMembers;
            pullDefaultLimit = c.pullDefaultLimit; pullMaxLimit = c.pullMaxLimit; kickoutGrace = c.kickoutGrace;
            ackFlushInterval = c.ackFlushInterval; ioThreads = c.ioThreads; writeLowWaterMark = c.writeLowWaterMark;
            writeHighWaterMark = c.writeHighWaterMark; backpressure = c.backpressure;
            maxInFlight = c.maxInFlight; writeHardLimit = c.writeHardLimit;
            logicThreads = c.logicThreads; logicQueueCapacity = c.logicQueueCapacity;
            advertiseHost = c.advertiseHost;
        }

        public Builder bindHost(String v) { bindHost = v; return this; }
        public Builder tcpPort(int v) { tcpPort = v; return this; }
        public Builder wsPort(int v) { wsPort = v; return this; }
        public Builder wsPath(String v) { wsPath = v; return this; }
        public Builder httpPort(int v) { httpPort = v; return this; }
        public Builder localAddressName(String v) { localAddressName = v; return this; }
        public Builder gateId(String v) { gateId = v; return this; }
        public Builder tokenSecret(String v) { tokenSecret = v; return this; }
        public Builder tokenTtl(Duration v) { tokenTtl = v; return this; }
        public Builder apiSecret(String v) { apiSecret = v; return this; }
        public Builder ssoMode(SsoMode v) { ssoMode = v; return this; }
        public Builder ssoCredential(String v) { ssoCredential = v; return this; }
        public Builder httpReadTimeout(Duration v) { httpReadTimeout = v; return this; }
        public Builder httpRequestTimeout(Duration v) { httpRequestTimeout = v; return this; }
        public Builder offlinePushDelay(Duration v) { offlinePushDelay = v; return this; }
        public Builder fanoutMode(FanoutMode v) { fanoutMode = v; return this; }
        public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
        public Builder authTimeout(Duration v) { authTimeout = v; return this; }
        public Builder maxConnections(int v) { maxConnections = v; return this; }
        public Builder maxConnectionsPerAddress(int v) { maxConnectionsPerAddress = v; return this; }
        public Builder maxBodyLength(int v) { maxBodyLength = v; return this; }
        /** Largest content; unset (or 0) = {@code maxBodyLength - CONTENT_RESERVE}. */
        public Builder maxContentLength(int v) { maxContentLength = v; return this; }
        public Builder maxGroupMembers(int v) { maxGroupMembers = v; return this; }
        public Builder pullDefaultLimit(int v) { pullDefaultLimit = v; return this; }
        public Builder pullMaxLimit(int v) { pullMaxLimit = v; return this; }
        public Builder kickoutGrace(Duration v) { kickoutGrace = v; return this; }
        public Builder ackFlushInterval(Duration v) { ackFlushInterval = v; return this; }
        public Builder ioThreads(int v) { ioThreads = v; return this; }
        public Builder writeLowWaterMark(int v) { writeLowWaterMark = v; return this; }
        public Builder writeHighWaterMark(int v) { writeHighWaterMark = v; return this; }
        public Builder backpressure(BackpressurePolicy v) { backpressure = v; return this; }
        public Builder maxInFlight(int v) { maxInFlight = v; return this; }
        public Builder writeHardLimit(int v) { writeHardLimit = v; return this; }
        public Builder logicThreads(int v) { logicThreads = v; return this; }
        public Builder logicQueueCapacity(int v) { logicQueueCapacity = v; return this; }
        public Builder advertiseHost(String v) { advertiseHost = v; return this; }

        /** Validates and builds. */
        public ServerConfig build() {
            return new ServerConfig(bindHost, tcpPort, wsPort, wsPath, httpPort, localAddressName, gateId,
                    tokenSecret, tokenTtl, apiSecret, ssoMode, ssoCredential, httpReadTimeout,
                    httpRequestTimeout, offlinePushDelay, fanoutMode, idleTimeout, authTimeout, maxConnections,
                    maxConnectionsPerAddress, maxBodyLength,
                    maxContentLength == 0 ? maxBodyLength - CONTENT_RESERVE : maxContentLength, maxGroupMembers,
                    pullDefaultLimit, pullMaxLimit, kickoutGrace, ackFlushInterval, ioThreads,
                    writeLowWaterMark, writeHighWaterMark, backpressure, maxInFlight, writeHardLimit, logicThreads, logicQueueCapacity,
                    advertiseHost);
        }
    }
}
