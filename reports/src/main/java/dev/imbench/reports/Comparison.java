package dev.imbench.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imbench.reports.summary.Judge;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Two or more runs side by side: the first is the baseline, every other run is
 * judged against it by {@link Regression} (regressions and improvements),
 * labelled by what sets it apart ({@link RunLabel}), with each run's own verdict
 * from its summary.json (a run without one is judged from its files by the
 * same {@link Judge} the runner uses). {@link #write} leaves {@code compare.json}
 * (for CI) and {@code compare.html} (tables and overlaid latency charts).
 *
 * @param runs      the runs, baseline first
 * @param summaries each run's summary.json
 * @param rows      per other run, its comparison with the baseline
 * @param labels    per run, what differs from the baseline
 * @param warnings  different scenarios, a run compared with itself
 * @param tolerance the allowed relative change
 */
public record Comparison(List<RunData> runs, List<JsonNode> summaries, List<List<Regression.Row>> rows, List<String> labels,
                         List<String> warnings, double tolerance) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Reads and compares run directories.
     *
     * @throws IllegalArgumentException with fewer than two runs, or a directory that does not exist
     */
    public static Comparison of(List<Path> dirs, double tolerance) {
        if (dirs.size() < 2) {
            throw new IllegalArgumentException("compare needs at least two run directories, got " + dirs.size());
        }
        List<RunData> runs = new ArrayList<>();
        List<JsonNode> summaries = new ArrayList<>();
        for (Path d : dirs) {
            RunData r = RunReader.read(d);
            runs.add(r);
            summaries.add(r.summary().isEmpty() ? Judge.evaluate(d).summary() : r.summary());
        }
        List<List<Regression.Row>> rows = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        labels.add(RunLabel.of(runs.get(0), runs.get(0)));
        for (int i = 1; i < runs.size(); i++) {
            rows.add(Regression.compare(summaries.get(0), summaries.get(i), tolerance));
            labels.add(RunLabel.of(runs.get(0), runs.get(i)));
        }
        return new Comparison(List.copyOf(runs), List.copyOf(summaries), List.copyOf(rows), List.copyOf(labels),
                RunLabel.warnings(runs), tolerance);
    }

    /** Whether no run regressed against the baseline. */
    public boolean passed() {
        return rows.stream().flatMap(List::stream).noneMatch(Regression.Row::regressed);
    }

    /** Whether some run could not be judged (its verdict is broken): the comparison proves nothing about it. */
    public boolean broken() {
        return summaries.stream().anyMatch(s -> "broken".equals(s.path("verdict").asText()));
    }

    /** A run's verdict word, from its summary (schema 1 summaries: from passed / exitCode). */
    public String verdict(int run) {
        JsonNode s = summaries.get(run);
        if (s.has("verdict")) {
            return s.path("verdict").asText();
        }
        return s.path("passed").asBoolean() ? "passed" : s.path("exitCode").asInt(1) == 2 ? "broken" : "failed";
    }

    /** The verdict as JSON: warnings, then per run its label, verdict and rows. */
    public ObjectNode toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("schema", 2).put("tolerance", tolerance).put("passed", passed()).put("broken", broken());
        n.put("baseline", runs.get(0).dir().toString());
        warnings.forEach(n.putArray("warnings")::add);
        ArrayNode all = n.putArray("verdicts");
        for (int i = 0; i < runs.size(); i++) {
            all.addObject().put("run", runs.get(i).dir().toString()).put("id", id(i)).put("label", labels.get(i))
                    .put("verdict", verdict(i)).put("exitCode", summaries.get(i).path("exitCode").asInt());
        }
        ArrayNode others = n.putArray("runs");
        for (int i = 1; i < runs.size(); i++) {
            ObjectNode o = others.addObject();
            o.put("run", runs.get(i).dir().toString()).put("id", id(i)).put("label", labels.get(i)).put("verdict", verdict(i));
            ArrayNode rs = o.putArray("rows");
            for (Regression.Row r : rows.get(i - 1)) {
                ObjectNode row = rs.addObject().put("metric", r.metric()).put("baseline", r.baseline()).put("current", r.current());
                if (Double.isNaN(r.change())) {
                    row.putNull("change");
                } else {
                    row.put("change", Math.round(r.change() * 10000) / 10000.0);
                }
                row.put("regressed", r.regressed()).put("improved", r.improved());
            }
        }
        return n;
    }

    private String id(int i) {
        return runs.get(i).dir().getFileName().toString();
    }

    /** Writes compare.json and compare.html into {@code outDir}; returns the page. */
    public Path write(Path outDir) {
        try {
            Files.createDirectories(outDir);
            JSON.writerWithDefaultPrettyPrinter().writeValue(outDir.resolve("compare.json").toFile(), toJson());
            ObjectNode page = toJson();
            ArrayNode summaries = page.putArray("summaries");
            ArrayNode latency = page.putArray("latency");
            for (int k = 0; k < runs.size(); k++) {
                RunData r = runs.get(k);
                ObjectNode s = summaries.addObject();
                s.put("id", id(k)).put("label", labels.get(k)).put("verdict", verdict(k));
                s.set("summary", this.summaries.get(k));
                ObjectNode lat = latency.addObject();
                for (Map.Entry<String, LatencyLog> e : r.latency().entrySet()) {
                    ObjectNode m = lat.putObject(e.getKey());
                    ArrayNode t = m.putArray("t");
                    ArrayNode p99 = m.putArray("p99");
                    for (LatencyLog.Interval i : e.getValue().corrected()) {
                        t.add(Math.round(i.startSec()));
                        if (i.count() == 0) {
                            p99.addNull();
                        } else {
                            p99.add(i.p99());
                        }
                    }
                }
            }
            Path html = outDir.resolve("compare.html");
            Files.writeString(html, Pages.fill("/dev/imbench/reports/compare.html", "imbench · compare " + runs.size() + " runs", page));
            return html;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the comparison into " + outDir + ": " + e.getMessage(), e);
        }
    }
}
