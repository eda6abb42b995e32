package dev.imbench.reports.summary;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;

/** Evaluates SLOs against a {@code summary.json} tree: the path names a number in it. */
public final class SloEvaluator {

    private SloEvaluator() {
    }

    /** Evaluates every SLO; a path that names no number fails with the note "not measured". */
    public static List<SloResult> evaluate(List<Slo> slos, JsonNode summary) {
        return slos.stream().map(s -> evaluate(s, summary)).toList();
    }

    static SloResult evaluate(Slo slo, JsonNode summary) {
        JsonNode n = summary;
        for (String seg : slo.path().split("\\.")) {
            n = n == null ? null : n.get(seg);
        }
        if (n == null || !(n.isNumber() || n.isBoolean())) {
            return new SloResult(slo.expression(), slo.path(), slo.limit(), Double.NaN, SloResult.Status.FAILED,
                    "not measured: summary.json has no number at " + slo.path());
        }
        double actual = n.isBoolean() ? (n.asBoolean() ? 1 : 0) : n.asDouble();
        if (actual < 0 && SloPaths.isRecoveryTime(slo.path())) {
            return new SloResult(slo.expression(), slo.path(), slo.limit(), actual, SloResult.Status.FAILED,
                    "not recovered: nothing " + (slo.path().endsWith("firstAckMs") ? "acked" : "of its backlog arrived")
                            + " after the fault's end");
        }
        boolean held = slo.op().holds(actual, slo.limit());
        return new SloResult(slo.expression(), slo.path(), slo.limit(), actual,
                held ? SloResult.Status.PASSED : SloResult.Status.FAILED, "");
    }
}
