package dev.imbench.server;

import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/** Applies a YAML-like map of settings to a {@link ServerConfig.Builder}. */
final class ServerConfigMapper {

    private ServerConfigMapper() {
    }

    static ServerConfig.Builder apply(ServerConfig.Builder b, Map<String, ?> values) {
        for (Map.Entry<String, ?> e : values.entrySet()) {
            Object v = e.getValue();
            try {
                set(b, e.getKey(), v);
            } catch (RuntimeException ex) {
                if (ex instanceof IllegalArgumentException iae && iae.getMessage() != null
                        && iae.getMessage().startsWith("unknown server setting")) {
                    throw iae;
                }
                throw new IllegalArgumentException("bad value for server setting '" + e.getKey() + "': " + v
                        + (ex.getMessage() == null ? "" : " (" + ex.getMessage() + ")"), ex);
            }
        }
        return b;
    }

    private static void set(ServerConfig.Builder b, String key, Object v) {
        switch (key) {
            case "bindHost" -> b.bindHost(str(v));
            case "advertiseHost" -> b.advertiseHost(str(v));
            case "tcpPort" -> b.tcpPort(integer(v));
            case "wsPort" -> b.wsPort(integer(v));
            case "wsPath" -> b.wsPath(str(v));
            case "httpPort" -> b.httpPort(integer(v));
            case "localAddressName" -> b.localAddressName(str(v));
            case "gateId" -> b.gateId(str(v));
            case "tokenSecret" -> b.tokenSecret(str(v));
            case "tokenTtl" -> b.tokenTtl(DurationText.parse(v));
            case "apiSecret" -> b.apiSecret(str(v));
            case "ssoMode" -> b.ssoMode(SsoMode.valueOf(str(v).toUpperCase(Locale.ROOT)));
            case "ssoCredential" -> b.ssoCredential(str(v));
            case "httpReadTimeout" -> b.httpReadTimeout(DurationText.parse(v));
            case "httpRequestTimeout" -> b.httpRequestTimeout(DurationText.parse(v));
            case "offlinePushDelay" -> b.offlinePushDelay(DurationText.parse(v));
            case "fanoutMode" -> b.fanoutMode(FanoutMode.valueOf(str(v).toUpperCase(Locale.ROOT)));
            case "idleTimeout" -> b.idleTimeout(DurationText.parse(v));
            case "authTimeout" -> b.authTimeout(DurationText.parse(v));
            case "maxConnections" -> b.maxConnections(integer(v));
            case "maxConnectionsPerAddress" -> b.maxConnectionsPerAddress(integer(v));
            case "maxBodyLength" -> b.maxBodyLength(integer(v));
            case "maxContentLength" -> b.maxContentLength(integer(v));
            case "maxGroupMembers" -> b.maxGroupMembers(integer(v));
            case "pullDefaultLimit" -> b.pullDefaultLimit(integer(v));
            case "pullMaxLimit" -> b.pullMaxLimit(integer(v));
            case "kickoutGrace" -> b.kickoutGrace(DurationText.parse(v));
            case "ackFlushInterval" -> b.ackFlushInterval(DurationText.parse(v));
            case "ioThreads" -> b.ioThreads(integer(v));
            case "writeLowWaterMark" -> b.writeLowWaterMark(integer(v));
            case "writeHighWaterMark" -> b.writeHighWaterMark(integer(v));
            case "maxInFlight" -> b.maxInFlight(integer(v));
            case "writeHardLimit" -> b.writeHardLimit(integer(v));
            case "logicThreads" -> b.logicThreads(integer(v));
            case "logicQueueCapacity" -> b.logicQueueCapacity(integer(v));
            case "backpressure" -> b.backpressure(BackpressurePolicy.valueOf(str(v).toUpperCase(Locale.ROOT)));
            default -> throw new IllegalArgumentException("unknown server setting '" + key + "'; known: " + known());
        }
    }

    private static Set<String> known() {
        Set<String> names = new TreeSet<>();
        for (var c : ServerConfig.class.getRecordComponents()) {
            names.add(c.getName());
        }
        return names;
    }

    private static String str(Object v) {
        return String.valueOf(v);
    }

    private static int integer(Object v) {
        return v instanceof Number n ? n.intValue() : Integer.parseInt(str(v).trim());
    }
}
