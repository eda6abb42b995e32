package dev.imbench.server;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way every imbench configuration writes a duration: the server's settings
 * ({@code server.yaml}, {@code --set}), its back-end keys and every scenario key.
 *
 * <p>The rule: a non-negative number <b>with a unit</b>, {@code ms}, {@code s}, {@code m} or
 * {@code h} ({@code 500ms}, {@code 30s}, {@code 1.5s}, {@code 2m}, {@code 1h}; the number may have
 * a fraction, the result is rounded to the millisecond), or an ISO-8601 duration ({@code PT5S}).
 * A bare number is refused: {@code 30} was 30 ms in one file and 30 s in another, so it now means
 * nothing and the error says which units to write.
 */
public final class DurationText {

    private static final Pattern FORM = Pattern.compile("^([0-9]+(?:\\.[0-9]+)?)\\s*(ms|s|m|h)$");
    private static final String FORMS = "500ms, 30s, 2m, 1h or PT30S";

    private DurationText() {
    }

    /**
     * Parses a configuration value: a {@link Duration} as it is, text by the rule above.
     *
     * @throws IllegalArgumentException for a bare number or anything else the rule refuses, naming the forms
     */
    public static Duration parse(Object value) {
        if (value instanceof Duration d) {
            return d;
        }
        if (value instanceof Number n) {
            throw bareNumber(n.toString());
        }
        String text = String.valueOf(value).strip();
        if (text.regionMatches(true, 0, "PT", 0, 2)) {
            try {
                return Duration.parse(text.toUpperCase(Locale.ROOT));
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("expected a duration like " + FORMS + ", got \"" + text + "\"");
            }
        }
        if (text.matches("[0-9]+(\\.[0-9]+)?")) {
            throw bareNumber(text);
        }
        Matcher m = FORM.matcher(text.toLowerCase(Locale.ROOT));
        if (!m.matches()) {
            throw new IllegalArgumentException("expected a duration like " + FORMS + ", got \"" + text + "\"");
        }
        double n = Double.parseDouble(m.group(1));
        double millis = switch (m.group(2)) {
            case "ms" -> n;
            case "s" -> n * 1_000;
            case "m" -> n * 60_000;
            default -> n * 3_600_000;
        };
        return Duration.ofMillis(Math.round(millis));
    }

    /** Writes a duration so that {@link #parse} reads it back: {@code 1500ms}, {@code 30s}. */
    public static String format(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + "s" : ms + "ms";
    }

    private static IllegalArgumentException bareNumber(String text) {
        return new IllegalArgumentException("a duration needs a unit: write " + text + "ms or " + text
                + "s (forms: " + FORMS + "), got the bare number " + text);
    }
}
