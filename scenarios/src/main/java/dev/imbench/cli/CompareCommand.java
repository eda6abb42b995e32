package dev.imbench.cli;

import dev.imbench.reports.Comparison;
import dev.imbench.reports.Regression;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code imbench compare}: runs side by side against the first, labelled by what differs, with regressions and improvements. */
@Command(name = "compare", mixinStandardHelpOptions = true,
        description = {"Compare runs with the first one and flag regressions and improvements.",
            "",
            "Compares two or more runs with the first (the baseline): a p50/p99/p99.9 latency",
            "that grew, or a throughput that fell, by more than --tolerance, or a lost or unexpected",
            "message the baseline did not have, is a regression; the mirror image is an improvement",
            "(latency changes under 1 ms never count). Each run is labelled by what differs from the",
            "baseline (scenario keys, --set overrides, seed) and shown with its own verdict; a warning",
            "says when the scenarios differ or a run is compared with itself. Writes compare.html and",
            "compare.json; exits 0 without regression, 1 with one, 2 when a run directory cannot be",
            "read or a run is broken."})
public final class CompareCommand implements Callable<Integer> {

    @Parameters(paramLabel = "RUN", arity = "2..*", description = "Run directories; the first is the baseline.")
    List<Path> runs = new ArrayList<>();

    @Option(names = "--tolerance", paramLabel = "FRACTION", defaultValue = "0.2", description = "Allowed relative change (default: ${DEFAULT-VALUE}).")
    double tolerance;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "runs", description = "Parent of the comparison directory (default: ${DEFAULT-VALUE}).")
    Path out;

    @Override
    public Integer call() {
        Comparison c;
        try {
            c = Comparison.of(runs, tolerance);
        } catch (IllegalArgumentException e) {
            System.err.println("imbench: " + e.getMessage());
            return Imbench.EXIT_BROKEN;
        }
        Path dir = out.resolve("compare-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Path page = c.write(dir);
        c.warnings().forEach(w -> System.out.println("imbench: warning: " + w));
        System.out.println("baseline " + c.runs().get(0).dir() + ": " + c.verdict(0).toUpperCase(Locale.ROOT));
        for (int i = 0; i < c.rows().size(); i++) {
            System.out.println(c.runs().get(i + 1).dir() + " (" + c.labels().get(i + 1) + "): "
                    + c.verdict(i + 1).toUpperCase(Locale.ROOT));
            for (Regression.Row r : c.rows().get(i)) {
                System.out.println(String.format(Locale.ROOT, "  %-30s %12.2f -> %12.2f%s", r.metric(), r.baseline(),
                        r.current(), r.regressed() ? "  REGRESSED" : r.improved() ? "  improved" : ""));
            }
        }
        String verdict = c.broken() ? "A RUN IS BROKEN" : c.passed() ? "no regression" : "REGRESSED";
        System.out.println("imbench: " + verdict + " (tolerance " + Math.round(tolerance * 100) + "%); " + page);
        return c.broken() ? Imbench.EXIT_BROKEN : c.passed() ? Imbench.EXIT_PASSED : Imbench.EXIT_FAILED;
    }
}
