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

/**
 * Joins the run directories of simulator shards (one scenario run as several
 * processes or machines) into one run directory: latency intervals merged
 * second by second and tag by tag, per slice too ({@link LatencyMerge}),
 * generator health joined ({@link GeneratorMerge}), delivery and counter totals
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
     * @throws IllegalArgumentException with fewer than two shards, or a shard without its delivery verdict
     */
    public static void merge(List<Path> shards, Path out) {
        if (shards.size() < 2) {
            throw new IllegalArgumentException("--merge needs at least two shard run directories, got " + shards.size());
        }
        List<RunData> runs = new ArrayList<>();
        for (Path s : shards) {
            RunData r = RunReader.read(s);
            if (r.delivery().isEmpty()) {
                throw new IllegalArgumentException(s + " has no readable delivery.json: " + r.problems());
            }
            runs.add(r);
        }
        try {
            Files.createDirectories(out);
            if (Files.exists(out.resolve("run.json"))) {
                throw new IllegalArgumentException(out + " already holds a run; merge into a new directory");
            }
            long start = runs.stream().mapToLong(r -> r.run().path("startedAt").asLong(Long.MAX_VALUE)).min().orElse(0);
            writeRunJson(runs, out, start);
            Files.writeString(out.resolve("scenario.yaml"), runs.get(0).scenario());
            write(out.resolve("delivery.json"), mergeDelivery(runs));
            write(out.resolve("counters.json"), sum(runs.stream().map(RunData::counters).toList()));
            writeSeries(runs, out.resolve("series.csv"));
            writeEvents(runs, out.resolve("events.jsonl"), start);
            LatencyMerge.write(runs, out, start, JSON.readTree(out.resolve("run.json").toFile()));
            GeneratorMerge.write(runs, out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the merged run into " + out + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path f, JsonNode n) throws IOException {
        JSON.writerWithDefaultPrettyPrinter().writeValue(f.toFile(), n);
    }

    private static void writeRunJson(List<RunData> runs, Path out, long start) throws IOException {
        ObjectNode run = runs.get(0).run().deepCopy();
        run.put("id", out.getFileName().toString());
        run.put("startedAt", start);
        run.put("endedAt", runs.stream().mapToLong(r -> r.run().path("endedAt").asLong(0)).max().orElse(0));
        run.put("command", "imbench report --merge " + String.join(" ", runs.stream().map(r -> r.dir().toString()).toList()));
        boolean complete = runs.stream().allMatch(r -> r.run().path("drain").path("complete").asBoolean(false));
        run.putObject("drain").put("complete", complete).put("timeoutMs", runs.get(0).run().path("drain").path("timeoutMs").asLong());
        ArrayNode shards = run.putArray("shards");
        runs.forEach(r -> shards.add(r.dir().toString()));
        write(out.resolve("run.json"), run);
    }

    /** Delivery totals summed; valid only if every shard's is and nothing was lost or unexpected. */
    static ObjectNode mergeDelivery(List<RunData> runs) {
        ObjectNode d = sum(runs.stream().map(RunData::delivery).toList());
        boolean drain = runs.stream().allMatch(r -> r.delivery().path("drainComplete").asBoolean(false));
        boolean clean = d.path("lost").asLong() == 0 && d.path("unexpected").asLong() == 0;
        d.put("drainComplete", drain);
        d.put("valid", drain && clean);
        d.put("verdict", !drain ? "incomplete" : clean ? "valid" : "invalid");
        ObjectNode examples = d.putObject("examples");
        for (RunData r : runs) {
            for (Map.Entry<String, JsonNode> e : r.delivery().path("examples").properties()) {
                ArrayNode a = examples.has(e.getKey()) ? (ArrayNode) examples.get(e.getKey()) : examples.putArray(e.getKey());
                for (JsonNode x : e.getValue()) {
                    if (a.size() < 10) {
                        a.add(x);
                    }
                }
            }
        }
        return d;
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

    private static void writeSeries(List<RunData> runs, Path f) throws IOException {
        List<String> columns = new ArrayList<>(runs.get(0).series().keySet());
        if (columns.isEmpty()) {
            return;
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
