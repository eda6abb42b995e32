package dev.imbench.reports.summary;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code junit.xml} from a judged summary, so Jenkins and GitLab show a run as
 * tests: one test case per SLO, one for the delivery check, one per baseline
 * value, one for the generator's health (and, for a broken or interrupted run,
 * one that says so). A failure's message carries the measured value with its unit.
 */
public final class JunitXml {

    private record Case(String classname, String name, String kind, String message) {
    }

    private JunitXml() {
    }

    /** Writes the file. */
    public static void write(Path file, JsonNode summary) {
        try {
            Files.writeString(file, render(summary));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The XML text. */
    public static String render(JsonNode s) {
        List<Case> cases = new ArrayList<>();
        String verdict = s.path("verdict").asText();
        if (verdict.equals("broken")) {
            cases.add(new Case("imbench.run", "run", "error", s.path("why").asText("broken")));
        }
        if (verdict.equals("interrupted")) {
            cases.add(new Case("imbench.run", "run", "error", s.path("verdictLine").asText()));
        }
        for (JsonNode r : s.path("slo")) {
            String status = r.path("status").asText();
            String detail = "actual " + r.path("actualText").asText() + ", expected " + r.path("check").asText()
                    + (r.has("note") ? " (" + r.path("note").asText() + ")" : "");
            cases.add(new Case("imbench.slo", r.path("check").asText(), switch (status) {
                case "passed" -> "";
                case "failed" -> "failure";
                default -> "skipped";
            }, detail));
        }
        JsonNode d = s.path("delivery");
        if (d.isObject()) {
            boolean valid = d.path("valid").asBoolean();
            String detail = String.format(Locale.ROOT, "delivery %s: %d lost, %d unexpected, %d duplicated, %d reordered of %d expected%s",
                    d.path("verdict").asText(), d.path("lost").asLong(), d.path("unexpected").asLong(),
                    d.path("duplicated").asLong(), d.path("reordered").asLong(), d.path("expected").asLong(),
                    d.path("drainComplete").asBoolean() ? "" : "; the drain did not complete");
            cases.add(new Case("imbench.delivery", "delivery", valid ? "" : verdict.equals("interrupted") ? "skipped" : "failure", detail));
        }
        JsonNode b = s.path("baseline");
        if (b.isObject()) {
            if (b.has("error")) {
                cases.add(new Case("imbench.baseline", "baseline " + b.path("path").asText(), "error", b.path("error").asText()));
            }
            for (JsonNode r : b.path("rows")) {
                String unit = r.path("unit").asText();
                String detail = String.format(Locale.ROOT, "%s: baseline %s, now %s (tolerance %.0f %%)", r.path("metric").asText(),
                        SloPaths.withUnit(r.path("baseline").asDouble(), unit), SloPaths.withUnit(r.path("current").asDouble(), unit),
                        b.path("tolerance").asDouble() * 100);
                cases.add(new Case("imbench.baseline", r.path("metric").asText(), r.path("regressed").asBoolean() ? "failure" : "", detail));
            }
        }
        JsonNode g = s.path("generator");
        if (g.isObject()) {
            String kind = !g.path("measured").asBoolean() ? "skipped" : g.path("bound").asBoolean() ? "failure" : "";
            cases.add(new Case("imbench.generator", "generator health", kind, g.path("why").asText()));
        }
        long failures = cases.stream().filter(c -> c.kind().equals("failure")).count();
        long errors = cases.stream().filter(c -> c.kind().equals("error")).count();
        long skipped = cases.stream().filter(c -> c.kind().equals("skipped")).count();
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        x.append(String.format(Locale.ROOT, "<testsuite name=\"%s\" tests=\"%d\" failures=\"%d\" errors=\"%d\" skipped=\"%d\" time=\"%.3f\">%n",
                esc("imbench " + s.path("scenario").asText() + " " + s.path("id").asText()), cases.size(), failures, errors, skipped,
                s.path("durationMs").asLong() / 1000.0));
        x.append("  <properties>\n");
        for (String p : List.of("verdict", "exitCode", "seed", "verdictLine")) {
            x.append("    <property name=\"").append(p).append("\" value=\"").append(esc(s.path(p).asText())).append("\"/>\n");
        }
        x.append("  </properties>\n");
        for (Case c : cases) {
            x.append("  <testcase classname=\"").append(esc(c.classname())).append("\" name=\"").append(esc(c.name())).append('"');
            if (c.kind().isEmpty()) {
                x.append("/>\n");
                continue;
            }
            x.append(">\n    <").append(c.kind()).append(" message=\"").append(esc(c.message())).append('"');
            x.append(c.kind().equals("skipped") ? "/>\n" : ">" + esc(c.message()) + "</" + c.kind() + ">\n");
            x.append("  </testcase>\n");
        }
        x.append("</testsuite>\n");
        return x.toString();
    }

    private static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char ch : s.toCharArray()) {
            switch (ch) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\n' -> b.append("&#10;");
                default -> b.append(ch < 0x20 && ch != '\t' ? ' ' : ch);
            }
        }
        return b.toString();
    }
}
