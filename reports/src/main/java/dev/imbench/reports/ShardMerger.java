package dev.imbench.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import dev.imbench.sim.ledger.Breakdown;

/**
 * Joins the run directories of simulator shards (one scenario run as several
 * processes or machines) into one run directory: only every shard of one run
 * ({@link ShardSet} says why not), the delivery verdict by the one checker over
 * all their ledgers ({@link LedgerJoin}, cross-shard messages included), latency
 * intervals merged second by second and tag by tag, per slice too, the cross-shard
 * messages' e2e added ({@link LatencyMerge}),
 * generator health joined ({@link GeneratorMerge}), counter totals
 * summed, series summed by second, events kept with their shard's name. The
 * merged directory gets no summary.json: the reports module's judge judges it
 * by the first shard's run.json {@code judge} block, as {@code imbench report --merge} does.
 */
public final class ShardMerger {

    private static final ObjectMapper JSON = new ObjectMapper();

    private ShardMerger() {
    }

    /**
     * Merges {@code shards} into {@code out} (created; must not hold a run).
     *
     * @throws IllegalArgumentException when the directories are not all the shards of one run ({@link ShardSet}), or a
     *                                  shard has no delivery verdict
     */
    public static void merge(List<Path> shards, Path out) {
        ShardSet set = ShardSet.of(shards);
        if (set.count() < 2) {
            throw new IllegalArgumentException("--merge needs at least two shard run directories, got " + set.count());
        }
        List<RunData> runs = new ArrayList<>();
        for (ShardSet.Shard s : set.shards()) {
            RunData r = RunReader.read(s.dir());
            if (r.delivery().isEmpty()) {
                throw new IllegalArgumentException(s.dir() + " has no readable delivery.json: " + r.problems());
            }
            runs.add(r);
        }
        try {
            Files.createDirectories(out);
            if (Files.exists(out.resolve("run.json"))) {
                throw new IllegalArgumentException(out + " already holds a run; merge into a new directory");
            }
            long start = runs.stream().mapToLong(r -> r.run().path("startedAt").asLong(Long.MAX_VALUE)).min().orElse(0);
            Files.writeString(out.resolve("scenario.yaml"), runs.get(0).scenario());
            boolean drained = runs.stream().allMatch(r -> r.run().path("drain").path("complete").asBoolean(false));
            LedgerJoin.Joined joined = LedgerJoin.join(set, drained, phases(runs.get(0), LedgerJoin.shifts(set)[0]));
            write(out.resolve("delivery.json"), delivery(joined, set));
            write(out.resolve("counters.json"), sum(runs.stream().map(RunData::counters).toList()));
            long peak = writeSeries(runs, out.resolve("series.csv"));
            writeRunJson(runs, out, start, set, peak);
            writeEvents(runs, out.resolve("events.jsonl"), start);
            LatencyMerge.write(runs, out, start, JSON.readTree(out.resolve("run.json").toFile()), joined.samples());
            GeneratorMerge.write(runs, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the merged run into " + out + ": " + e.getMessage(), e);
        }
    }

    /** The checker's verdict over all shards, with the cross-shard figures and each shard's clock offset. */
    private static JsonNode delivery(LedgerJoin.Joined joined, ShardSet set) {
        ObjectNode d = JSON.valueToTree(joined.report().toJson());
        ObjectNode sh = d.putObject("shards").put("count", set.count());
        sh.set("crossShard", JSON.valueToTree(joined.crossShard()));
        ArrayNode offsets = sh.putArray("clockOffsets");
        for (ShardSet.Shard s : set.shards()) {
            JsonNode o = s.header().path("clockOffset");
            offsets.addObject().put("index", s.index()).put("dir", s.dir().toString())
                    .put("offsetMs", o.path("offsetNanos").asLong() / 1e6).put("boundMs", o.path("boundNanos").asLong() / 1e6);
        }
        return d;
    }

    /** The phases of the first shard's run.json, on the merged clock (the shards started together). */
    private static Breakdown phases(RunData first, long shiftNanos) {
        List<String> names = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        for (JsonNode p : first.run().path("phases")) {
            names.add(p.path("name").asText());
            starts.add(shiftNanos + p.path("start").asLong() * 1_000_000L);
        }
        if (names.isEmpty()) {
            return Breakdown.NONE;
        }
        return new Breakdown(names, t -> {
            int i = 0;
            while (i + 1 < starts.size() && starts.get(i + 1) <= t) {
                i++;
            }
            return i;
        }, LedgerJoin.BASE, c -> null, List.of());
    }

    private static void write(Path f, JsonNode n) throws IOException {
        JSON.writerWithDefaultPrettyPrinter().writeValue(f.toFile(), n);
    }

    private static void writeRunJson(List<RunData> runs, Path out, long start, ShardSet set, long peakOnline)
            throws IOException {
        ObjectNode run = runs.get(0).run().deepCopy();
        run.put("id", out.getFileName().toString());
        run.put("startedAt", start);
        run.put("endedAt", runs.stream().mapToLong(r -> r.run().path("endedAt").asLong(0)).max().orElse(0));
        run.put("command", "imbench report --merge " + String.join(" ", runs.stream().map(r -> r.dir().toString()).toList()));
        boolean complete = runs.stream().allMatch(r -> r.run().path("drain").path("complete").asBoolean(false));
        run.putObject("drain").put("complete", complete).put("timeoutMs", runs.get(0).run().path("drain").path("timeoutMs").asLong());
        run.putObject("clients").put("target", set.clients()).put("peakOnline", peakOnline);
        run.remove("shard");
        ArrayNode shards = run.putArray("shards");
        runs.forEach(r -> shards.add(r.dir().toString()));
        write(out.resolve("run.json"), run);
    }

    /** Adds numbers field by field, recursively; other values are taken from the first node. */
    static ObjectNode sum(List<JsonNode> nodes) {
        ObjectNode out = JSON.createObjectNode();
        for (JsonNode n : nodes) {
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                JsonNode have = out.get(e.getKey());
                JsonNode v = e.getValue();
                if (v.isIntegralNumber()) {
                    out.put(e.getKey(), (have == null ? 0 : have.asLong()) + v.asLong());
                } else if (v.isNumber()) {
                    out.put(e.getKey(), (have == null ? 0 : have.asDouble()) + v.asDouble());
                } else if (v.isObject()) {
                    out.set(e.getKey(), sum(have == null ? List.of(v) : List.of(have, v)));
                } else if (have == null) {
                    out.set(e.getKey(), v);
                }
            }
        }
        return out;
    }

    /** Sums the series second by second; returns the peak of the summed online column. */
    private static long writeSeries(List<RunData> runs, Path f) throws IOException {
        List<String> columns = new ArrayList<>(runs.get(0).series().keySet());
        if (columns.isEmpty()) {
            return runs.stream().mapToLong(r -> r.run().path("clients").path("peakOnline").asLong()).sum();
        }
        TreeMap<Long, double[]> rows = new TreeMap<>();
        for (RunData r : runs) {
            double[] t = r.series().get("t");
            for (int i = 0; t != null && i < t.length; i++) {
                double[] row = rows.computeIfAbsent((long) t[i], k -> new double[columns.size()]);
                for (int c = 1; c < columns.size(); c++) {
                    double[] col = r.series().get(columns.get(c));
                    row[c] += col == null || Double.isNaN(col[i]) ? 0 : col[i];
                }
            }
        }
        StringBuilder b = new StringBuilder(String.join(",", columns)).append('\n');
        rows.forEach((t, row) -> {
            b.append(t);
            for (int c = 1; c < row.length; c++) {
                b.append(',').append((long) row[c]);
            }
            b.append('\n');
        });
        Files.writeString(f, b);
        int online = columns.indexOf("online");
        return online < 0 ? 0 : rows.values().stream().mapToLong(r -> (long) r[online]).max().orElse(0);
    }

    private static void writeEvents(List<RunData> runs, Path f, long start) throws IOException {
        List<ObjectNode> events = new ArrayList<>();
        for (RunData r : runs) {
            long shift = r.run().path("startedAt").asLong(start) - start;
            String shard = r.dir().getFileName().toString();
            for (JsonNode e : r.events()) {
                ObjectNode c = e.deepCopy();
                c.put("t", e.path("t").asLong() + shift);
                if (e.has("end")) {
                    c.put("end", e.path("end").asLong() + shift);
                }
                c.put("shard", shard);
                events.add(c);
            }
        }
        events.sort((a, b) -> Long.compare(a.path("t").asLong(), b.path("t").asLong()));
        StringBuilder b = new StringBuilder();
        events.forEach(e -> b.append(e).append('\n'));
        Files.writeString(f, b);
    }
}
