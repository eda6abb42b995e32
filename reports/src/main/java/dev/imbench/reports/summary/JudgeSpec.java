package dev.imbench.reports.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Everything the judge needs besides the measurements, as {@code run.json}'s
 * {@code judge} block records it: the SLO texts, the generator-health
 * thresholds and the baseline to compare with.
 *
 * @param slo                 the SLOs as written
 * @param minAchievedFraction a measured phase that sent less than this share of what it offered means the generator fell behind
 * @param maxLagP99Ms         a p99 schedule lag above this (ms) means the generator fell behind
 * @param baseline            a run directory or summary.json to compare with, or null
 * @param tolerance           the allowed relative change against the baseline
 */
public record JudgeSpec(List<String> slo, double minAchievedFraction, double maxLagP99Ms, Path baseline, double tolerance) {

    /** Default share of the offered sends a measured phase must achieve. */
    public static final double MIN_ACHIEVED_FRACTION = 0.95;
    /** Default p99 schedule lag, ms, above which the generator is the bottleneck. */
    public static final double MAX_LAG_P99_MS = 100;

    /** Copies the list. */
    public JudgeSpec {
        slo = List.copyOf(slo);
    }

    /** SLOs with the default generator thresholds and no baseline. */
    public static JudgeSpec of(List<String> slo) {
        return new JudgeSpec(slo, MIN_ACHIEVED_FRACTION, MAX_LAG_P99_MS, null, 0.2);
    }

    /** The same with a baseline. */
    public JudgeSpec withBaseline(Path path, double tol) {
        return new JudgeSpec(slo, minAchievedFraction, maxLagP99Ms, path, tol);
    }

    /** The {@code judge} block of run.json. */
    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        slo.forEach(n.putArray("slo")::add);
        n.putObject("generator").put("minAchievedFraction", minAchievedFraction).put("maxLagP99Ms", maxLagP99Ms);
        if (baseline == null) {
            n.putNull("baseline");
        } else {
            n.putObject("baseline").put("path", baseline.toString()).put("tolerance", tolerance);
        }
        return n;
    }

    /**
     * Reads the judge block of a run.json; a run without one (schema 1) is
     * judged by the SLOs of its scenario.yaml and the default thresholds.
     */
    public static JudgeSpec from(JsonNode run, String scenarioYaml) {
        JsonNode j = run.path("judge");
        if (!j.isObject()) {
            return of(slosOf(scenarioYaml));
        }
        List<String> slo = new ArrayList<>();
        j.path("slo").forEach(s -> slo.add(s.asText()));
        JsonNode g = j.path("generator");
        JsonNode b = j.path("baseline");
        return new JudgeSpec(slo, g.path("minAchievedFraction").asDouble(MIN_ACHIEVED_FRACTION),
                g.path("maxLagP99Ms").asDouble(MAX_LAG_P99_MS),
                b.hasNonNull("path") ? Path.of(b.path("path").asText()) : null, b.path("tolerance").asDouble(0.2));
    }

    /** The {@code slo:} list of a resolved scenario.yaml (as the runner writes it: one "- " item a line). */
    static List<String> slosOf(String yaml) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : yaml.split("\n")) {
            if (!line.startsWith(" ") && !line.startsWith("-")) {
                in = line.trim().equals("slo:");
                continue;
            }
            String t = line.trim();
            if (in && t.startsWith("- ")) {
                String v = t.substring(2).trim();
                if (v.length() >= 2 && (v.startsWith("\"") || v.startsWith("'"))) {
                    v = v.substring(1, v.length() - 1);
                }
                out.add(v);
            }
        }
        return out;
    }
}
