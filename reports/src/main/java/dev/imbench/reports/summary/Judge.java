package dev.imbench.reports.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one judge of a run, shared by the runner, {@code imbench report},
 * {@code report --merge} and {@code compare}: reads the run directory only
 * (run.json's {@code judge} block says what to judge by), builds the summary,
 * evaluates the SLOs, the delivery check, the generator's health and the
 * baseline, and writes {@code summary.json} and {@code junit.xml} with one
 * {@link Verdict}.
 */
public final class Judge {

    /**
     * A judged run.
     *
     * @param summary the summary.json written
     * @param verdict the verdict
     * @param slos    each SLO's outcome
     */
    public record Outcome(ObjectNode summary, Verdict verdict, List<SloResult> slos) {

        /** The exit code. */
        public int exitCode() {
            return verdict.exitCode();
        }

        /** The one line every place prints (the CLI's last line). */
        public String line() {
            return summary.path("verdictLine").asText();
        }
    }

    private Judge() {
    }

    /** Judges a run directory and writes its summary.json and junit.xml. */
    public static Outcome judge(Path dir) {
        Outcome o = evaluate(dir);
        write(dir, o);
        return o;
    }

    /** Judges a run directory without writing anything. */
    public static Outcome evaluate(Path dir) {
        RunFiles files;
        ObjectNode s;
        try {
            files = RunFiles.read(dir);
            s = SummaryBuilder.build(files);
        } catch (BrokenRunException | java.io.UncheckedIOException e) {
            return brokenOutcome(dir, e.getMessage());
        }
        JudgeSpec spec = files.spec();
        List<Slo> slos = new ArrayList<>();
        for (String text : spec.slo()) {
            try {
                slos.add(Slo.parse(text));
            } catch (IllegalArgumentException e) {
                return brokenOutcome(dir, s, "run.json judge.slo \"" + text + "\": " + e.getMessage());
            }
        }
        boolean interrupted = files.interrupted();
        boolean bound = s.path("generator").path("bound").asBoolean(false);
        List<SloResult> results = new ArrayList<>();
        for (SloResult r : SloEvaluator.evaluate(slos, s)) {
            if (interrupted) {
                r = r.as(SloResult.Status.NOT_JUDGED, "not judged: the run was interrupted");
            } else if (bound && slos.get(results.size()).latency()) {
                r = r.as(SloResult.Status.INCONCLUSIVE, "inconclusive: " + s.path("generator").path("why").asText());
            }
            results.add(r);
        }
        sloTable(s, results);
        ObjectNode baseline = null;
        if (spec.baseline() != null) {
            try {
                baseline = BaselineCheck.compare(s, spec.baseline(), spec.tolerance()).toJson();
            } catch (IllegalArgumentException e) {
                s.putObject("baseline").put("path", spec.baseline().toString()).put("tolerance", spec.tolerance())
                        .put("passed", false).put("error", e.getMessage());
                return finish(dir, s, Verdict.BROKEN, results,
                        "BROKEN: cannot compare with the baseline " + spec.baseline() + ": " + e.getMessage());
            }
        }
        if (baseline == null) {
            s.putNull("baseline");
        } else {
            s.set("baseline", baseline);
        }
        if (interrupted) {
            return finish(dir, s, Verdict.INTERRUPTED, results, String.format(Locale.ROOT,
                    "INTERRUPTED at t = %.1f s: nothing judged (delivery %s)", s.path("interruptedAt").asLong() / 1000.0,
                    s.path("delivery").path("verdict").asText()));
        }
        long failed = results.stream().filter(r -> r.status() == SloResult.Status.FAILED).count();
        long inconclusive = results.stream().filter(r -> r.status() == SloResult.Status.INCONCLUSIVE).count();
        boolean deliveryValid = s.path("delivery").path("valid").asBoolean(false);
        boolean regressed = baseline != null && !baseline.path("passed").asBoolean();
        StringBuilder line = new StringBuilder();
        line.append("delivery ").append(s.path("delivery").path("verdict").asText());
        lostNamed(line, s.path("delivery"));
        line.append(", ").append(failed).append(" of ").append(results.size()).append(" SLOs failed");
        if (inconclusive > 0) {
            line.append(", ").append(inconclusive).append(" inconclusive");
        }
        if (baseline != null) {
            line.append(regressed ? ", baseline REGRESSED (" + baseline.path("regressions").size() + " values)"
                    : ", no regression against the baseline");
        }
        if (bound) {
            line.append("; generator-bound: ").append(s.path("generator").path("why").asText());
        }
        Verdict v = failed > 0 || !deliveryValid || regressed ? Verdict.FAILED : bound ? Verdict.INCONCLUSIVE : Verdict.PASSED;
        return finish(dir, s, v, results, v.name() + ": " + line);
    }

    /**
     * The verdict of a run that broke before it could be judged (refused by the
     * workload, environment down): a summary.json saying so, exit code 2.
     */
    public static Outcome broken(Path dir, String why) {
        Outcome o = brokenOutcome(dir, why);
        write(dir, o);
        return o;
    }

    private static Outcome brokenOutcome(Path dir, String why) {
        ObjectNode s = JsonNodeFactory.instance.objectNode();
        JsonNode run = Files.exists(dir.resolve("run.json")) ? safeRead(dir.resolve("run.json")) : s;
        s.put("schema", SummaryBuilder.SCHEMA).put("id", run.path("id").asText(dir.getFileName().toString()))
                .put("scenario", run.path("scenario").asText("")).put("seed", run.path("seed").asLong());
        s.put("interrupted", run.path("interrupted").asBoolean(false));
        return brokenOutcome(dir, s, why);
    }

    private static Outcome brokenOutcome(Path dir, ObjectNode s, String why) {
        if (!s.has("slo")) {
            s.putArray("slo");
        }
        if (!s.has("baseline")) {
            s.putNull("baseline");
        }
        return finish(dir, s, Verdict.BROKEN, List.of(), "BROKEN: " + why);
    }

    private static JsonNode safeRead(Path f) {
        try {
            return SummaryBuilder.readJson(f);
        } catch (RuntimeException e) {
            return JsonNodeFactory.instance.objectNode();
        }
    }

    /** Names the first acked messages that were lost (msg id, sender → recipient, when acked). */
    static void lostNamed(StringBuilder line, JsonNode delivery) {
        long lost = delivery.path("lost").asLong(0);
        if (lost == 0) {
            return;
        }
        line.append(" (").append(lost).append(lost == 1 ? " acked message" : " acked messages").append(" lost");
        JsonNode examples = delivery.path("lostExamples");
        int named = Math.min(3, examples.size());
        for (int i = 0; i < named; i++) {
            JsonNode e = examples.get(i);
            line.append(i == 0 ? ": " : ", ").append("msg ").append(e.path("msg").asLong()).append(' ')
                    .append(e.path("from").asText()).append("->").append(e.path("to").asText())
                    .append(String.format(Locale.ROOT, " acked at %.1f s", e.path("ackMs").asLong() / 1000.0));
        }
        if (named > 0 && named < lost) {
            line.append(", …");
        }
        line.append(')');
    }

    private static Outcome finish(Path dir, ObjectNode s, Verdict v, List<SloResult> slos, String line) {
        s.put("verdict", v.word()).put("passed", v == Verdict.PASSED).put("exitCode", v.exitCode());
        s.put("verdictLine", line);
        if (v == Verdict.BROKEN) {
            s.put("why", line.substring("BROKEN: ".length()));
        }
        return new Outcome(s, v, List.copyOf(slos));
    }

    private static void sloTable(ObjectNode s, List<SloResult> results) {
        ArrayNode table = s.putArray("slo");
        for (SloResult r : results) {
            ObjectNode row = table.addObject();
            row.put("check", r.check()).put("path", r.path()).put("limit", r.limit()).put("unit", r.unit());
            if (Double.isNaN(r.actual())) {
                row.putNull("actual");
            } else {
                row.put("actual", r.actual());
            }
            row.put("actualText", r.actualText());
            row.put("status", r.status().word()).put("passed", r.passed());
            if (!r.note().isEmpty()) {
                row.put("note", r.note());
            }
        }
    }

    private static void write(Path dir, Outcome o) {
        SummaryBuilder.write(dir.resolve("summary.json"), o.summary());
        JunitXml.write(dir.resolve("junit.xml"), o.summary());
    }
}
