package dev.imbench.reports.summary;

import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One service-level objective: a path into {@code summary.json}, a comparison
 * and a limit, written as {@code "latency.e2e.p99 < 200ms"} or
 * {@code "delivery.lost == 0"} or {@code "phase.steady.throughput.c2cPerSec >= 1000"}.
 * Latency limits take a unit ({@code us}, {@code ms}, {@code s}; default ms);
 * they are compared in milliseconds, the unit of {@code summary.json}. A
 * fraction may be written with {@code %}. Which paths exist is {@link SloPaths}'s
 * business; this record only reads the text.
 *
 * @param expression the text as written
 * @param path       dotted path into summary.json
 * @param op         the comparison
 * @param limit      the limit, in the summary's unit
 */
public record Slo(String expression, String path, Op op, double limit) {

    private static final Pattern FORM = Pattern.compile(
            "^\\s*([A-Za-z][A-Za-z0-9_]*(?:\\.[A-Za-z0-9_-]+)+)\\s*(<=|>=|==|!=|<|>)\\s*(-?[0-9]+(?:\\.[0-9]+)?)\\s*(us|ms|s|%)?\\s*$");

    /** A comparison between the measured value and the limit. */
    public enum Op {
        LT("<"), LE("<="), GT(">"), GE(">="), EQ("=="), NE("!=");

        private final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        /** The operator as written. */
        public String symbol() {
            return symbol;
        }

        /** Whether {@code actual op limit} holds. */
        public boolean holds(double actual, double limit) {
            return switch (this) {
                case LT -> actual < limit;
                case LE -> actual <= limit;
                case GT -> actual > limit;
                case GE -> actual >= limit;
                case EQ -> actual == limit;
                case NE -> actual != limit;
            };
        }

        static Op of(String symbol) {
            for (Op op : values()) {
                if (op.symbol.equals(symbol)) {
                    return op;
                }
            }
            throw new IllegalArgumentException(symbol);
        }
    }

    /**
     * Parses an SLO.
     *
     * @throws IllegalArgumentException with what was expected, when the text is not an SLO
     */
    public static Slo parse(String expression) {
        if (expression == null || expression.isBlank()) {
            throw new IllegalArgumentException("an SLO is empty; expected one like \"latency.e2e.p99 < 200ms\"");
        }
        Matcher m = FORM.matcher(expression);
        if (!m.matches()) {
            throw new IllegalArgumentException("expected an SLO like \"latency.e2e.p99 < 200ms\" or "
                    + "\"delivery.lost == 0\" (path, one of < <= > >= == !=, number, optional unit us/ms/s/%), got \""
                    + expression + "\"");
        }
        String path = m.group(1);
        double limit = Double.parseDouble(m.group(3));
        String unit = m.group(4) == null ? "" : m.group(4).toLowerCase(Locale.ROOT);
        boolean time = SloPaths.unitOf(path).equals("ms");
        if (!unit.isEmpty() && !time && !unit.equals("%")) {
            throw new IllegalArgumentException("a time unit (" + unit + ") only fits a latency or lag path, not " + path);
        }
        limit = switch (unit) {
            case "us" -> limit / 1000.0;
            case "s" -> limit * 1000.0;
            case "%" -> limit / 100.0;
            default -> limit;
        };
        return new Slo(expression.trim(), path, Op.of(m.group(2)), limit);
    }

    /** Whether this SLO judges a latency (it cannot be judged when the generator fell behind). */
    public boolean latency() {
        return path.startsWith("latency.") || path.contains(".latency.");
    }

    /** The unit of the path's values: {@code ms}, {@code /s}, {@code fraction}, {@code count} or empty. */
    public String unit() {
        return SloPaths.unitOf(path);
    }
}
