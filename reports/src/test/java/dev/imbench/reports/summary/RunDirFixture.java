package dev.imbench.reports.summary;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * A hand-made schema-2 run directory that follows docs/run-directory.md to the
 * letter, with known values: phases ramp 0–500 ms, warm-up 500–2500 (a warm-up),
 * steady 2500–8500, drain 8500–9000; one fault "subway" 4500–6500; one network
 * slice "3g". Interval logs cut at every phase change; e2e is 10 ms before the
 * fault, 200 ms during it, 20 ms after, 50 ms in the warm-up; e2e-offline holds
 * ten 3 s pulls after the fault; ack is 2 ms; the 3g slice's e2e is 100 ms.
 * series.csv offers 100 sends a second while the warm-up and steady phase load, 80 acked c2c and 20 c2g;
 * the fault's seconds (5 and 6) hold 3 unplanned disconnects each, errors.csv 2 ERR_STORE_FAILED in
 * second 5 and 1 ERR_OVERLOADED in second 7, reconnect.hlog 5 reconnects in each of the fault's
 * intervals; the fault recovered 40 ms after its end (first ack), its backlog 900 ms after.
 */
final class RunDirFixture {

    static final long STARTED_AT = 1_795_895_365_684L;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Interval boundaries (ms): every second, plus each phase change. */
    private static final long[] CUTS = {0, 500, 1500, 2500, 3500, 4500, 5500, 6500, 7500, 8500, 9000};

    private final List<String> slo = new ArrayList<>(List.of("latency.e2e.p99 < 500ms", "delivery.lost == 0"));
    private double achievedFraction = 1.0;
    private double lagMs = 1;
    private long lost;
    private boolean interrupted;
    private boolean generator = true;
    private String baseline;
    private long firstAckMs = 40;

    RunDirFixture slo(String... texts) {
        slo.clear();
        slo.addAll(List.of(texts));
        return this;
    }

    /** The fault's first ack after its end, ms (-1: none came). */
    RunDirFixture firstAckAfterFault(long ms) {
        this.firstAckMs = ms;
        return this;
    }

    /** The generator sent only this share of what it offered in the steady phase. */
    RunDirFixture achieved(double fraction) {
        achievedFraction = fraction;
        return this;
    }

    /** Every send started this late. */
    RunDirFixture lag(double ms) {
        lagMs = ms;
        return this;
    }

    RunDirFixture lost(long n) {
        lost = n;
        return this;
    }

    RunDirFixture interrupted() {
        interrupted = true;
        return this;
    }

    /** An older run: no generator.json. */
    RunDirFixture withoutGenerator() {
        generator = false;
        return this;
    }

    RunDirFixture baseline(Path summaryOrDir) {
        baseline = summaryOrDir.toString();
        return this;
    }

    Path writeTo(Path dir) throws IOException {
        Files.createDirectories(dir.resolve("latency/slice/3g"));
        runJson(dir);
        Files.writeString(dir.resolve("scenario.yaml"), "name: fixture\nseed: 7\npopulation:\n  clients: 50\n");
        Files.writeString(dir.resolve("events.jsonl"), """
                {"t":0,"type":"phase","name":"ramp","detail":"start"}
                {"t":500,"type":"phase","name":"warmup","detail":"start"}
                {"t":2500,"type":"phase","name":"steady","detail":"start"}
                {"t":4500,"type":"fault","name":"subway","detail":"apply subway on 10 clients (20%)","end":6500}
                {"t":8500,"type":"phase","name":"drain","detail":"start"}
                """);
        delivery(dir);
        counters(dir);
        series(dir);
        if (generator) {
            generatorJson(dir);
        }
        hlog(dir.resolve("latency/e2e.hlog"), this::e2e, 100);
        hlog(dir.resolve("latency/e2e-online.hlog"), this::e2e, 100);
        hlog(dir.resolve("latency/e2e-offline.hlog"), (a, b) -> a == 6500 ? 3000 : 0, 10);
        hlog(dir.resolve("latency/ack.hlog"), (a, b) -> a >= 500 && a < 8500 ? 2 : 0, 100);
        hlog(dir.resolve("latency/lag.hlog"), (a, b) -> a >= 500 && a < 8500 ? lagMs : 0, 100);
        hlog(dir.resolve("latency/slice/3g/e2e.hlog"), (a, b) -> a >= 2500 && a < 8500 ? 100 : 0, 20);
        hlog(dir.resolve("latency/reconnect.hlog"), (a, b) -> a >= 4500 && a < 6500 ? 800 : 0, 5);
        Files.writeString(dir.resolve("errors.csv"), "second,code,count\n5,ERR_STORE_FAILED,2\n7,ERR_OVERLOADED,1\n");
        return dir;
    }

    /** e2e latency (ms) of the interval starting at {@code start}; 0 means no samples. */
    private double e2e(long start, long end) {
        if (start < 500 || start >= 8500) {
            return 0;
        }
        if (start < 2500) {
            return 50;
        }
        if (start < 4500) {
            return 10;
        }
        return start < 6500 ? 200 : 20;
    }

    private interface Value {
        double ms(long start, long end);
    }

    private static void hlog(Path file, Value value, int perInterval) throws IOException {
        try (PrintStream ps = new PrintStream(file.toFile(), StandardCharsets.UTF_8)) {
            HistogramLogWriter w = new HistogramLogWriter(ps);
            w.outputLogFormatVersion();
            w.outputStartTime(STARTED_AT);
            w.setBaseTime(STARTED_AT);
            w.outputLegend();
            for (int i = 0; i + 1 < CUTS.length; i++) {
                long a = CUTS[i];
                long b = CUTS[i + 1];
                double ms = value.ms(a, b);
                boolean warmup = a >= 500 && a < 2500;
                for (String tag : List.of("corrected", "raw")) {
                    Histogram h = new Histogram(3);
                    if (ms > 0) {
                        // raw is half the corrected latency: the send started late by that much
                        h.recordValueWithCount((long) (ms * 1000 / (tag.equals("raw") ? 2 : 1)), perInterval);
                    }
                    h.setTag(warmup ? "warmup-" + tag : tag);
                    h.setStartTimeStamp(STARTED_AT + a);
                    h.setEndTimeStamp(STARTED_AT + b);
                    w.outputIntervalHistogram(h);
                }
            }
        }
    }

    private void runJson(Path dir) throws IOException {
        ObjectNode run = JSON.createObjectNode();
        run.put("schema", 2).put("id", dir.getFileName().toString()).put("scenario", "fixture").put("seed", 7)
                .put("startedAt", STARTED_AT).put("endedAt", STARTED_AT + 9100).put("command", "./imbench run fixture.yaml");
        run.putObject("versions").put("imbench", "test").put("java", "21");
        ArrayNode phases = run.putArray("phases");
        phases.addObject().put("name", "ramp").put("start", 0).put("end", 500);
        phases.addObject().put("name", "warmup").put("start", 500).put("end", 2500).put("warmup", true);
        phases.addObject().put("name", "steady").put("start", 2500).put("end", 8500);
        phases.addObject().put("name", "drain").put("start", 8500).put("end", 9000);
        run.putObject("drain").put("complete", !interrupted).put("timeoutMs", 20000);
        run.putObject("clients").put("target", 50).put("peakOnline", 50);
        run.put("interrupted", interrupted);
        if (interrupted) {
            run.put("interruptedAt", 7200);
        }
        run.putArray("faults").addObject().put("name", "subway").put("action", "profile").put("start", 4500)
                .put("end", 6500).put("clients", 10);
        ObjectNode judge = run.putObject("judge");
        slo.forEach(judge.putArray("slo")::add);
        judge.putObject("generator").put("minAchievedFraction", 0.95).put("maxLagP99Ms", 100);
        if (baseline == null) {
            judge.putNull("baseline");
        } else {
            judge.putObject("baseline").put("path", baseline).put("tolerance", 0.2);
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("run.json").toFile(), run);
    }

    private static ObjectNode counts(long sent, long lost) {
        ObjectNode n = JSON.createObjectNode();
        n.put("attempted", sent).put("acked", sent).put("expected", sent).put("delivered", sent - lost)
                .put("deliveredOnline", sent - lost - 10).put("deliveredByPull", 10).put("lost", lost).put("duplicated", 0)
                .put("reordered", 0).put("unexpected", 0).put("recovered", 0);
        return n;
    }

    private void delivery(Path dir) throws IOException {
        ObjectNode d = counts(800, lost);
        d.put("duplicatedWire", 0);
        boolean valid = lost == 0 && !interrupted;
        d.put("valid", valid).put("drainComplete", !interrupted).put("verdict", interrupted ? "incomplete" : valid ? "valid" : "invalid");
        d.putObject("examples");
        ObjectNode byPhase = d.putObject("byPhase");
        byPhase.set("warmup", counts(200, 0));
        byPhase.set("steady", counts(600, lost));
        d.putObject("bySlice").set("3g", counts(120, 0));
        ObjectNode subway = d.putObject("byFault").putObject("subway");
        subway.set("before", counts(200, 0));
        subway.set("during", counts(200, lost));
        subway.set("after", counts(200, 0));
        subway.putObject("recovery").put("firstAckMs", firstAckMs).put("backlogMessages", 200).put("backlogMs", 900);
        ArrayNode lostEx = ((ObjectNode) d.get("examples")).putArray("lost");
        for (int i = 0; i < Math.min(lost, 10); i++) {
            lostEx.addObject().put("msg", (3L << 32) | (i + 1)).put("from", "u3").put("to", "u4").put("group", 0)
                    .put("sentMs", 5000 + i).put("ackMs", 5010 + i).put("deliveredMs", -1).put("detail", "acked but never delivered");
        }
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("delivery.json").toFile(), d);
    }

    private void counters(Path dir) throws IOException {
        ObjectNode c = JSON.createObjectNode();
        c.put("connects", 50);
        c.putObject("disconnects").put("planned", 50).put("error", 0);
        c.putObject("errors").put("ERR_STORE_FAILED", 2);
        c.putObject("acked").put("c2c", 640).put("c2g", 160);
        c.putObject("offered").put("c2c", 640).put("c2g", 160);
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("counters.json").toFile(), c);
    }

    private static void series(Path dir) throws IOException {
        StringBuilder b = new StringBuilder("t,sent,acked,delivered,pulled,errors,disconnects,online,offered,ackedC2c,ackedC2g,"
                + "disconnectsPlanned,disconnectsUnplanned,lagP99Ms\n");
        for (int t = 1; t <= 9; t++) {
            // 100 sends a second while the warm-up and the steady phase load (0.5 s to 8.5 s): 80 acked c2c and
            // 20 c2g; the first and the last row hold half a second of load (the ramp and the drain send nothing).
            boolean half = t == 1 || t == 9;
            int unplanned = t == 5 || t == 6 ? 3 : 0;
            b.append(t).append(',').append(half ? "50,50,50,0,0,0,50," : "100,100,100,0," + unplanned + ",0,50,")
                    .append(half ? "50,40,10,0,0,1\n" : "100,80,20,0," + unplanned + ",1\n");
        }
        Files.writeString(dir.resolve("series.csv"), b);
    }

    private void generatorJson(Path dir) throws IOException {
        ObjectNode g = JSON.createObjectNode();
        g.put("cores", 2);
        g.putObject("loadAverage").put("start", 0.4).put("end", 1.9);
        ArrayNode phases = g.putArray("phases");
        long steadyAchieved = Math.round(600 * achievedFraction);
        phase(phases, "warmup", 500, 2500, true, 200, 200);
        phase(phases, "steady", 2500, 8500, false, 600, steadyAchieved);
        g.putObject("cpu").put("processCpuMs", 5700).put("wallMs", 9100).put("fractionOfMachine", 0.31)
                .putArray("threads").addObject().put("name", "imbench-ticker").put("cpuMs", 120);
        g.putObject("gc").put("collections", 3).put("pauseMs", 12).put("maxPauseMs", 7);
        JSON.writerWithDefaultPrettyPrinter().writeValue(dir.resolve("generator.json").toFile(), g);
    }

    private void phase(ArrayNode phases, String name, long start, long end, boolean warmup, long offered, long achieved) {
        double s = (end - start) / 1000.0;
        ObjectNode p = phases.addObject().put("name", name).put("start", start).put("end", end).put("warmup", warmup)
                .put("offered", offered).put("achieved", achieved).put("offeredPerSec", offered / s)
                .put("achievedPerSec", achieved / s);
        p.putObject("lag").put("count", achieved).put("p50", lagMs).put("p99", lagMs).put("max", lagMs);
    }
}
