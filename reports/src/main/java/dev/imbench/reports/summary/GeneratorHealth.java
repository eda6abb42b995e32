package dev.imbench.reports.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Whether the load generator kept its schedule, from {@code generator.json}
 * and {@code latency/lag.hlog}: it is <em>bound</em> (the latencies are its own,
 * not the server's) when a measured phase sent less than
 * {@link JudgeSpec#minAchievedFraction} of the sends it offered, or when the
 * p99 schedule lag (actual start − intended start) of a measured phase, or of
 * the whole run, exceeds {@link JudgeSpec#maxLagP99Ms}. A send counts as achieved
 * in the phase it was actually sent in, so sends intended in the last
 * {@code maxLagP99Ms} of a phase may go out after it within the allowed lag:
 * that many ({@code offeredPerSec × maxLagP99Ms}, plus one) are not counted
 * short (they are judged by the lag rule instead), so a short phase with a few
 * sends is not called bound for its boundary alone.
 */
final class GeneratorHealth {

    private GeneratorHealth() {
    }

    static ObjectNode summarize(JsonNode generator, Hlog lag, JudgeSpec spec) {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        n.putObject("limits").put("minAchievedFraction", spec.minAchievedFraction()).put("maxLagP99Ms", spec.maxLagP99Ms());
        if (generator == null || !generator.isObject()) {
            n.put("measured", false).put("bound", false)
                    .put("why", "not measured: the run directory has no generator.json (a run of an older imbench, or a workload that does not measure itself)");
            return n;
        }
        n.put("measured", true);
        List<String> reasons = new ArrayList<>();
        long offered = 0;
        long achieved = 0;
        long ms = 0;
        double worstLag = 0;
        ArrayNode phases = n.putArray("phases");
        for (JsonNode p : generator.path("phases")) {
            String name = p.path("name").asText();
            boolean measured = !p.path("warmup").asBoolean(false) && !name.equals("ramp") && !name.equals("drain");
            long o = p.path("offered").asLong();
            long a = p.path("achieved").asLong();
            double fraction = o == 0 ? 1.0 : (double) a / o;
            double lagP99 = p.path("lag").path("p99").asDouble();
            phases.addObject().put("name", name).put("measured", measured).put("offered", o).put("achieved", a)
                    .put("offeredPerSec", p.path("offeredPerSec").asDouble()).put("achievedPerSec", p.path("achievedPerSec").asDouble())
                    .put("achievedFraction", round(fraction)).put("lagP99Ms", lagP99);
            if (!measured) {
                continue;
            }
            offered += o;
            achieved += a;
            ms += Math.max(0, p.path("end").asLong() - p.path("start").asLong());
            worstLag = Math.max(worstLag, lagP99);
            long allowance = (long) Math.ceil(p.path("offeredPerSec").asDouble() * spec.maxLagP99Ms() / 1000.0) + 1;
            if (o > 0 && (double) Math.min(o, a + allowance) / o < spec.minAchievedFraction()) {
                reasons.add(String.format(Locale.ROOT, "phase %s sent %d of the %d sends it offered (%.1f %%, below %.0f %%)",
                        name, a, o, fraction * 100, spec.minAchievedFraction() * 100));
            }
            if (lagP99 > spec.maxLagP99Ms()) {
                reasons.add(String.format(Locale.ROOT, "phase %s started its sends late: schedule lag p99 %s ms (above %s ms)",
                        name, ms(lagP99), ms(spec.maxLagP99Ms())));
            }
        }
        double lagP99 = worstLag;
        if (lag != null) {
            LatencyDigest d = lag.measured();
            if (d.corrected().getTotalCount() > 0) {
                lagP99 = d.corrected().getValueAtPercentile(99) / 1000.0;
                n.set("lag", LatencyDigest.stats(d.corrected()));
                if (lagP99 > spec.maxLagP99Ms() && worstLag <= spec.maxLagP99Ms()) {
                    reasons.add(String.format(Locale.ROOT, "the sends started late: schedule lag p99 %s ms over the run (above %s ms)",
                            ms(lagP99), ms(spec.maxLagP99Ms())));
                }
            }
        }
        double seconds = Math.max(ms, 1) / 1000.0;
        double fraction = offered == 0 ? 1.0 : (double) achieved / offered;
        n.put("bound", !reasons.isEmpty());
        n.put("why", reasons.isEmpty()
                ? String.format(Locale.ROOT, "kept up: sent %.1f %% of the offered sends, schedule lag p99 %.1f ms (limits %.0f %%, %.0f ms)",
                        fraction * 100, lagP99, spec.minAchievedFraction() * 100, spec.maxLagP99Ms())
                : "the load generator fell behind, so latencies are its own: " + String.join("; ", reasons));
        n.put("offered", offered).put("achieved", achieved);
        n.put("offeredPerSec", round(offered / seconds)).put("achievedPerSec", round(achieved / seconds));
        n.put("achievedFraction", round(fraction));
        n.put("lagP99Ms", Math.round(lagP99 * 1000) / 1000.0);
        for (String copy : List.of("cores", "loadAverage", "cpu", "gc")) {
            if (generator.has(copy)) {
                n.set(copy, generator.get(copy));
            }
        }
        return n;
    }

    /** A millisecond figure with as many decimals as it needs (100.031, not a misleading 100.0). */
    private static String ms(double v) {
        return java.math.BigDecimal.valueOf(Math.round(v * 1000) / 1000.0).stripTrailingZeros().toPlainString();
    }

    private static double round(double v) {
        return Math.round(v * 10000.0) / 10000.0;
    }
}
