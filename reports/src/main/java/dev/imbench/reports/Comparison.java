package dev.imbench.reports;

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

/**
 * Two or more runs side by side: the first is the baseline, every other run is
 * judged against it by {@link Regression}. {@link #write} leaves
 * {@code compare.json} (for CI) and {@code compare.html} (tables and overlaid
 * latency charts) in an output directory.
 *
 * @param runs      the runs, baseline first
 * @param rows      per other run, its comparison with the baseline
 * @param tolerance the allowed relative change
 */
public record Comparison(List<RunData> runs, List<List<Regression.Row>> rows, double tolerance) {

    private static final ObjectMapper JSON = new ObjectMapper();

    /**
     * Reads and compares run directories.
     *
     * @throws IllegalArgumentException with fewer than two runs, or a run without a summary.json
     */
    public static Comparison of(List<Path> dirs, double tolerance) {
        if (dirs.size() < 2) {
            throw new IllegalArgumentException("compare needs at least two run directories, got " + dirs.size());
        }
        List<RunData> runs = new ArrayList<>();
        for (Path d : dirs) {
            RunData r = RunReader.read(d);
            if (r.summary().isEmpty()) {
                throw new IllegalArgumentException(d + " has no readable summary.json: " + r.problems());
            }
            runs.add(r);
        }
        List<List<Regression.Row>> rows = new ArrayList<>();
        for (int i = 1; i < runs.size(); i++) {
            rows.add(Regression.compare(runs.get(0).summary(), runs.get(i).summary(), tolerance));
        }
        return new Comparison(List.copyOf(runs), List.copyOf(rows), tolerance);
    }

    /** Whether no run regressed against the baseline. */
    public boolean passed() {
        return rows.stream().flatMap(List::stream).noneMatch(Regression.Row::regressed);
    }

    /** The verdict as JSON: runs, rows per run, passed. */
    public ObjectNode toJson() {
        ObjectNode n = JSON.createObjectNode();
        n.put("schema", 1).put("tolerance", tolerance).put("passed", passed());
        n.put("baseline", runs.get(0).dir().toString());
        ArrayNode others = n.putArray("runs");
        for (int i = 1; i < runs.size(); i++) {
            ObjectNode o = others.addObject();
            o.put("run", runs.get(i).dir().toString());
            ArrayNode rs = o.putArray("rows");
            for (Regression.Row r : rows.get(i - 1)) {
                rs.addObject().put("metric", r.metric()).put("baseline", r.baseline()).put("current", r.current())
                        .put("regressed", r.regressed());
            }
        }
        return n;
    }

    /** Writes compare.json and compare.html into {@code outDir}; returns the page. */
    public Path write(Path outDir) {
        try {
            Files.createDirectories(outDir);
            JSON.writerWithDefaultPrettyPrinter().writeValue(outDir.resolve("compare.json").toFile(), toJson());
            ObjectNode page = toJson();
            ArrayNode summaries = page.putArray("summaries");
            ArrayNode latency = page.putArray("latency");
            for (RunData r : runs) {
                ObjectNode s = summaries.addObject();
                s.put("id", r.dir().getFileName().toString());
                s.set("summary", r.summary());
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
