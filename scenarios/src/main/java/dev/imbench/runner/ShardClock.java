package dev.imbench.runner;

import dev.imbench.scenario.Scenario;
import dev.imbench.scenario.ScenarioWriter;
import dev.imbench.sim.Simulation;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A shard's part in a distributed run: its clock offset to the server measured before the start and
 * after the drain, the agreed start it waited for, and the ledger file it leaves for the merge.
 */
final class ShardClock {

    private final ShardRun shard;
    private final URI server;
    private final ClockOffset before;
    private final Instant agreedStart;

    private ShardClock(ShardRun shard, URI server, ClockOffset before, Instant agreedStart) {
        this.shard = shard;
        this.server = server;
        this.before = before;
        this.agreedStart = agreedStart;
    }

    /** Measures the offset, then waits for the agreed start (the run's clock starts right after). */
    static ShardClock start(Scenario s, ShardRun shard, EventLog events) throws IOException, InterruptedException {
        URI iplist = URI.create(s.server().iplistUrl());
        URI base = URI.create(iplist.getScheme() + "://" + iplist.getRawAuthority());
        ClockOffset before = ClockOffset.measure(base, ClockOffset.SAMPLES);
        Instant at = shard.sync().start(shard.plan());
        events.add("note", "shard", "shard " + shard.plan() + ", started " + shard.sync().describe() + " (" + at
                + "); clock offset to the server " + before.offsetNanos() / 1000 + " µs ± " + before.boundNanos() / 1000 + " µs");
        return new ShardClock(shard, base, before, at);
    }

    /** The uid prefix every shard of this run uses: named by the agreed start, so runs do not share users. */
    String uidPrefix() {
        return "d" + Long.toString(agreedStart.toEpochMilli(), 36) + "-u";
    }

    /** Measures the offset again and writes {@code ledger.bin} with the shard's identity and both offsets. */
    void writeLedger(Simulation sim, Scenario s, RunContext ctx) throws IOException, InterruptedException {
        ClockOffset after = ClockOffset.measure(server, ClockOffset.SAMPLES);
        ClockOffset run = ClockOffset.over(before, after);
        Map<String, Object> h = new LinkedHashMap<>();
        h.put("scenario", s.name());
        h.put("scenarioSha256", sha256(ScenarioWriter.toYaml(s)));
        h.put("seed", s.seed());
        h.put("agreedStartEpochMs", agreedStart.toEpochMilli());
        h.put("start", shard.sync().describe());
        h.put("runId", ctx.dir().id());
        Map<String, Object> offset = new LinkedHashMap<>(run.toJson());
        offset.put("before", before.toJson());
        offset.put("after", after.toJson());
        offset.put("server", server.toString());
        h.put("clockOffset", offset);
        long[] n = sim.writeLedger(ctx.dir().path(), h);
        ctx.events().add("note", "shard", "ledger.bin: " + n[0] + " attempts, " + n[1] + " arrivals; clock offset over the run "
                + run.offsetNanos() / 1000 + " µs ± " + run.boundNanos() / 1000 + " µs");
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
