package dev.imbench.runner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * This machine's clock against the server's, measured by round trips to the server's {@code GET /time}
 * (Cristian's method): for a request sent at local {@code t0} and answered at local {@code t1} with
 * server time {@code ts}, the offset is {@code ts - (t0 + t1) / 2}, true to within half the round trip
 * plus the clocks' resolution. Of several round trips the shortest one is kept.
 *
 * @param offsetNanos server clock minus this clock
 * @param boundNanos  the true offset lies within {@code offsetNanos ± boundNanos}
 * @param rttNanos    the round trip of the sample kept
 * @param samples     how many round trips were made
 */
public record ClockOffset(long offsetNanos, long boundNanos, long rttNanos, int samples) {

    /** Round trips per measurement. */
    public static final int SAMPLES = 16;
    /** The resolution allowed for each clock reading (Instant.now() on Linux: 1 µs). */
    static final long RESOLUTION_NANOS = 1_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Measures against {@code base}/time.
     *
     * @throws IOException when the server has no time endpoint or does not answer
     */
    public static ClockOffset measure(URI base, int samples) throws IOException, InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        HttpRequest req = HttpRequest.newBuilder(base.resolve("/time")).timeout(Duration.ofSeconds(5)).GET().build();
        http.send(req, HttpResponse.BodyHandlers.discarding()); // the connection is set up outside the samples
        ClockOffset best = null;
        for (int i = 0; i < samples; i++) {
            long t0 = nowNanos();
            HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
            long t1 = nowNanos();
            if (r.statusCode() != 200) {
                throw new IOException(base.resolve("/time") + " answered " + r.statusCode()
                        + ": the server has no time endpoint, so this shard's clock offset cannot be measured");
            }
            JsonNode n = JSON.readTree(r.body());
            if (!n.path("epochNanos").canConvertToLong()) {
                throw new IOException(base.resolve("/time") + " did not answer {\"epochNanos\": ...}: " + r.body());
            }
            long ts = n.path("epochNanos").asLong();
            long rtt = t1 - t0;
            ClockOffset c = new ClockOffset(ts - (t0 + rtt / 2), rtt / 2 + 2 * RESOLUTION_NANOS, rtt, samples);
            if (best == null || c.rttNanos < best.rttNanos) {
                best = c;
            }
        }
        return best;
    }

    /**
     * One offset for a whole run from measurements before and after it: their mean, with a bound that
     * also covers the drift between them.
     */
    public static ClockOffset over(ClockOffset before, ClockOffset after) {
        long mid = before.offsetNanos + (after.offsetNanos - before.offsetNanos) / 2;
        long drift = Math.abs(after.offsetNanos - before.offsetNanos) / 2;
        return new ClockOffset(mid, Math.max(before.boundNanos, after.boundNanos) + drift,
                Math.max(before.rttNanos, after.rttNanos), before.samples + after.samples);
    }

    /** The current wall-clock time in ns since the epoch. */
    static long nowNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }

    /** As written into the ledger header and run.json. */
    public Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("offsetNanos", offsetNanos);
        m.put("boundNanos", boundNanos);
        m.put("rttNanos", rttNanos);
        m.put("samples", samples);
        return m;
    }
}
