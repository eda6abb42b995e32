package dev.imbench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * {@code sweep --find-max}: bisection for the highest value of a setting whose runs still meet an SLO.
 * It probes {@code from}, then {@code to}, then the middle of what is left. A probe that passes
 * raises the floor; one that fails lowers the ceiling; one whose generator could not offer the load
 * (inconclusive) is neither, and lowers the ceiling of what this machine can judge.
 */
final class CapacitySearch {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** What a probe showed. */
    enum Verdict {
        PASS(SweepExit.PASSED), FAIL(SweepExit.FAILED), INCONCLUSIVE(SweepExit.INCONCLUSIVE),
        BROKEN(SweepExit.BROKEN), INTERRUPTED(SweepExit.INTERRUPTED);

        final int exitCode;

        Verdict(int exitCode) {
            this.exitCode = exitCode;
        }

        String word() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * One probe.
     *
     * @param value          the value asked for
     * @param verdict        pass, fail or neither
     * @param achieved       the rate (or count) the runs achieved, median over repeats (null when not known)
     * @param generatorBound whether any of its runs was generator-bound
     * @param runs           the runs of this probe
     */
    record Probe(double value, Verdict verdict, Double achieved, boolean generatorBound, List<SweepRun> runs) {
    }

    /** Runs the probe of one value. */
    interface Prober {
        Probe probe(double value);
    }

    /** Where the search ended. */
    enum Outcome {
        /** a passing value below a failing one. */
        BRACKETED(SweepExit.PASSED),
        /** even {@code from} failed. */
        BELOW_RANGE(SweepExit.FAILED),
        /** the generator could not offer the load before any value failed. */
        GENERATOR_BOUND(SweepExit.INCONCLUSIVE),
        /** {@code to} passed. */
        ABOVE_RANGE(SweepExit.ABOVE_RANGE),
        BROKEN(SweepExit.BROKEN),
        INTERRUPTED(SweepExit.INTERRUPTED);

        final int exitCode;

        Outcome(int exitCode) {
            this.exitCode = exitCode;
        }
    }

    /** The probes and the answer. */
    record Result(String key, String slo, double from, double to, List<Probe> probes) {

        Optional<Double> highestPassing() {
            return probes.stream().filter(p -> p.verdict() == Verdict.PASS).map(Probe::value).max(Double::compare);
        }

        Optional<Double> lowestFailing() {
            return probes.stream().filter(p -> p.verdict() == Verdict.FAIL).map(Probe::value).min(Double::compare);
        }

        Optional<Double> lowestInconclusive() {
            return probes.stream().filter(p -> p.verdict() == Verdict.INCONCLUSIVE).map(Probe::value).min(Double::compare);
        }

        boolean bracketed() {
            return highestPassing().isPresent() && lowestFailing().isPresent();
        }

        boolean anyGeneratorBound() {
            return probes.stream().anyMatch(Probe::generatorBound);
        }

        Outcome outcome() {
            Probe last = probes.get(probes.size() - 1);
            if (last.verdict() == Verdict.BROKEN) {
                return Outcome.BROKEN;
            }
            if (last.verdict() == Verdict.INTERRUPTED) {
                return Outcome.INTERRUPTED;
            }
            if (bracketed()) {
                return Outcome.BRACKETED;
            }
            if (lowestInconclusive().isPresent()) {
                return Outcome.GENERATOR_BOUND;
            }
            return highestPassing().isPresent() ? Outcome.ABOVE_RANGE : Outcome.BELOW_RANGE;
        }

        /** The answer in words. */
        String answer() {
            String hp = highestPassing().map(CapacitySearch::format).orElse(null);
            String lf = lowestFailing().map(CapacitySearch::format).orElse(null);
            String gb = lowestInconclusive().map(CapacitySearch::format).orElse(null);
            String s = switch (outcome()) {
                case BRACKETED -> "capacity bracketed: " + key + " " + hp + " meets " + slo + ", " + key + " " + lf
                        + " does not; the capacity lies between them";
                case BELOW_RANGE -> "not bracketed: the lowest " + key + " tried, " + format(from) + ", already fails "
                        + slo + "; the capacity is below the range (lower --from)";
                case ABOVE_RANGE -> "not bracketed: every probe passed, up to " + key + " " + hp + " (--to); the capacity is"
                        + " at or above the range (raise --to)";
                case GENERATOR_BOUND -> "not bracketed: " + (hp == null ? "no " + key + " passed" : key + " " + hp + " meets "
                        + slo) + ", but at " + key + " " + gb + " the load generator could not offer the load (generator-bound,"
                        + " inconclusive) and no probe failed: " + (hp == null ? "" : "the capacity is at least " + hp + ", and ")
                        + "at " + gb + " or more this machine cannot tell";
                case BROKEN -> "the search stopped: a probe's run was broken";
                case INTERRUPTED -> "the search was interrupted";
            };
            if (outcome() == Outcome.BRACKETED && gb != null) {
                s += "; at " + key + " " + gb + " the generator could not offer the load (inconclusive)";
            }
            return s;
        }

        /** The {@code capacity} object of sweep.json. */
        ObjectNode toJson() {
            ObjectNode c = JSON.createObjectNode().put("key", key).put("slo", slo).put("from", from).put("to", to);
            highestPassing().ifPresentOrElse(v -> c.put("highestPassing", v), () -> c.putNull("highestPassing"));
            lowestFailing().ifPresentOrElse(v -> c.put("lowestFailing", v), () -> c.putNull("lowestFailing"));
            c.put("bracketed", bracketed()).put("outcome", outcome().name().toLowerCase(Locale.ROOT).replace('_', '-'))
                    .put("answer", answer()).put("exitCode", outcome().exitCode).put("generatorBound", anyGeneratorBound());
            var arr = c.putArray("probes");
            for (Probe p : probes) {
                ObjectNode o = arr.addObject().put("value", p.value()).put("asked", p.value());
                if (p.achieved() == null) {
                    o.putNull("achieved").putNull("achievedFraction");
                } else {
                    o.put("achieved", SweepStatistics.round(p.achieved()))
                            .put("achievedFraction", SweepStatistics.round(p.achieved() / p.value()));
                }
                o.put("verdict", p.verdict().word()).put("exitCode", p.verdict().exitCode)
                        .put("generatorBound", p.generatorBound());
                var runs = o.putArray("runs");
                p.runs().forEach(r -> runs.add(r.dir() == null ? "" : r.dir().toString()));
            }
            return c;
        }
    }

    private CapacitySearch() {
    }

    /**
     * Searches {@code [from, to]} with at most {@code steps} probes.
     * Whole-number ends give whole-number probes; the search stops early when the next probe would repeat one.
     */
    static Result search(String key, String slo, double from, double to, int steps, Prober prober) {
        List<Probe> probes = new ArrayList<>();
        Result r = new Result(key, slo, from, to, probes);
        boolean whole = from == Math.rint(from) && to == Math.rint(to);
        double next = from;
        for (int i = 0; i < steps; i++) {
            Probe p = prober.probe(next);
            probes.add(p);
            if (p.verdict() == Verdict.BROKEN || p.verdict() == Verdict.INTERRUPTED) {
                break;
            }
            if (i == 0 && p.verdict() != Verdict.PASS) {
                break; // the floor fails or cannot be judged: nothing above it can be bracketed
            }
            if (i == 0) {
                next = to;
                continue;
            }
            if (i == 1 && p.verdict() == Verdict.PASS) {
                break; // the ceiling passes: the answer lies above the range
            }
            double lo = r.highestPassing().orElseThrow();
            double hi = Math.min(r.lowestFailing().orElse(Double.MAX_VALUE), r.lowestInconclusive().orElse(Double.MAX_VALUE));
            next = whole ? Math.floor((lo + hi) / 2) : (lo + hi) / 2;
            double candidate = next;
            if (candidate <= lo || candidate >= hi || probes.stream().anyMatch(q -> q.value() == candidate)) {
                break; // nothing left between the floor and the ceiling at this resolution
            }
        }
        return r;
    }

    /** A value as --set writes it: 25, 12.5. */
    static String format(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }
}
