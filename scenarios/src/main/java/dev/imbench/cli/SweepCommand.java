package dev.imbench.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imbench.runner.RunDirectory;
import dev.imbench.runner.RunOptions;
import dev.imbench.runner.RunOutcome;
import dev.imbench.reports.summary.SloEvaluator;
import dev.imbench.reports.summary.SloResult;
import dev.imbench.reports.summary.SummaryBuilder;
import dev.imbench.scenario.Scenario;
import dev.imbench.scenario.ScenarioException;
import dev.imbench.reports.summary.Slo;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code imbench sweep}: one run per combination of settings, or a capacity search. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Run a scenario per combination of settings, or search for the capacity.",
            "",
            "Runs a scenario once per combination of --vary values (one run directory each,",
            "plus a sweep directory with sweep.json and sweep.csv), or search with --find-max for",
            "the highest value of a setting that still meets an SLO (capacity search by bisection)."},
        footer = {"", "Examples:",
            "  imbench sweep group-fanout --vary server.fanout=write,read --vary groups.maxSize=50,500",
            "  imbench sweep c2c --find-max rate --from 100 --to 20000 --slo 'latency.e2e.p99 < 200ms'",
            "", "Exit codes: 0 every run passed (or a capacity was found), 1 some run failed its SLOs",
            "(or no value met the SLO), 2 a broken scenario or environment."})
public final class SweepCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Parameters(index = "0", paramLabel = "SCENARIO", description = "A scenario file or a shipped scenario's name.")
    String scenario;

    @Mixin
    ScenarioOptions options;

    @Option(names = "--vary", paramLabel = "KEY=V1,V2,…", description = "A setting and its values; repeatable (combinations multiply).")
    List<String> vary = new ArrayList<>();

    @Option(names = "--find-max", paramLabel = "KEY", description = "The numeric setting to push up (e.g. rate, clients).")
    String findMax;

    @Option(names = "--from", paramLabel = "N", description = "Lowest value to try with --find-max.")
    Double from;

    @Option(names = "--to", paramLabel = "N", description = "Highest value to try with --find-max.")
    Double to;

    @Option(names = "--slo", paramLabel = "EXPR", description = "The SLO that must hold with --find-max (the scenario's own SLOs are also checked).")
    String slo;

    @Option(names = "--steps", paramLabel = "N", defaultValue = "6", description = "Bisection runs with --find-max (default: ${DEFAULT-VALUE}).")
    int steps;

    @Override
    public Integer call() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        List<List<String>> combos;
        Slo capacitySlo = null;
        try {
            if (findMax != null) {
                if (from == null || to == null || slo == null || !(from > 0) || !(to > from) || steps < 1) {
                    throw new ScenarioException("--find-max needs --from N --to M with 0 < N < M, --slo EXPR and --steps >= 1");
                }
                capacitySlo = Slo.parse(slo);
                combos = List.of();
            } else {
                combos = combinations(vary);
            }
            RunSupport.load(scenario, options); // fail fast on a broken scenario before any run
        } catch (ScenarioException | IllegalArgumentException e) {
            err.println("imbench: " + e.getMessage());
            return Imbench.EXIT_BROKEN;
        }
        RunDirectory sweepDir = RunDirectory.create(options.out, "sweep-" + scenarioName(), 0, Instant.now());
        ArrayNode rows = JSON.createArrayNode();
        int exit;
        if (findMax != null) {
            exit = capacitySearch(capacitySlo, rows, out, err);
        } else {
            exit = Imbench.EXIT_PASSED;
            for (List<String> combo : combos) {
                int e = runCombination(combo, rows, null, out, err);
                if (e == Imbench.EXIT_BROKEN) {
                    exit = e;
                    break;
                }
                exit = Math.max(exit, e);
            }
        }
        ObjectNode sweep = JSON.createObjectNode();
        sweep.put("schema", 1).put("scenario", scenarioName()).set("runs", rows);
        SummaryBuilder.write(sweepDir.file("sweep.json"), sweep);
        SweepTable.writeCsv(sweepDir.file("sweep.csv"), rows);
        out.println(SweepTable.render(rows));
        out.println("imbench: sweep summary " + sweepDir.file("sweep.json") + ", capacity chart "
                + dev.imbench.reports.SweepReport.write(sweepDir.path()));
        return exit;
    }

    private String scenarioName() {
        String n = Path.of(scenario).getFileName().toString();
        return n.endsWith(".yaml") ? n.substring(0, n.length() - 5) : n;
    }

    private int capacitySearch(Slo capacity, ArrayNode rows, PrintStream out, PrintStream err) {
        double lo = from;
        double hi = to;
        Double best = null;
        for (int i = 0; i < steps; i++) {
            double value = i == 0 ? lo : (lo + hi) / 2;
            String v = String.format(Locale.ROOT, "%.0f", value);
            int e = runCombination(List.of(findMax + "=" + v), rows, capacity, out, err);
            if (e == Imbench.EXIT_BROKEN) {
                return e;
            }
            if (e == Imbench.EXIT_PASSED) {
                best = value;
                lo = value;
            } else if (i == 0) {
                break; // even the lowest value fails: nothing to search
            } else {
                hi = value;
            }
        }
        if (best == null) {
            out.println("imbench: no value of " + findMax + " from " + from + " meets " + capacity.expression());
            return Imbench.EXIT_FAILED;
        }
        out.println(String.format(Locale.ROOT, "imbench: highest %s that meets %s: %.0f", findMax, capacity.expression(), best));
        return Imbench.EXIT_PASSED;
    }

    private int runCombination(List<String> combo, ArrayNode rows, Slo extra, PrintStream out, PrintStream err) {
        ScenarioOptions o = new ScenarioOptions();
        o.sets = new ArrayList<>(options.sets);
        o.sets.addAll(combo);
        o.seed = options.seed;
        o.out = options.out;
        o.trace = options.trace;
        o.noReport = options.noReport;
        o.quiet = options.quiet;
        Scenario s;
        try {
            s = RunSupport.load(scenario, o);
        } catch (ScenarioException e) {
            err.println("imbench: " + String.join(" ", combo) + ": " + e.getMessage());
            return Imbench.EXIT_BROKEN;
        }
        RunOptions run = RunSupport.runOptions(o, null, 0.2, CommandText.of("run", scenario, o));
        RunOutcome outcome = RunSupport.execute(s, run, out);
        int exit = outcome.exitCode();
        ObjectNode row = rows.addObject();
        Map<String, String> settings = new LinkedHashMap<>();
        combo.forEach(c -> settings.put(c.substring(0, c.indexOf('=')), c.substring(c.indexOf('=') + 1)));
        row.set("settings", JSON.valueToTree(settings));
        row.put("run", outcome.dir() == null ? "" : outcome.dir().path().toString());
        row.put("exitCode", exit);
        if (outcome.summary() != null) {
            row.set("throughput", outcome.summary().path("throughput"));
            row.set("e2e", outcome.summary().path("latency").path("e2e"));
            row.put("passed", outcome.summary().path("passed").asBoolean());
            if (extra != null && exit != Imbench.EXIT_BROKEN) {
                SloResult r = SloEvaluator.evaluate(List.of(extra), outcome.summary()).get(0);
                row.put("capacitySlo", r.passed());
                if (!r.passed()) {
                    exit = Imbench.EXIT_FAILED;
                }
            }
        } else {
            err.println("imbench: " + outcome.message());
        }
        out.println("imbench: " + String.join(" ", combo) + " -> exit " + exit);
        return exit;
    }

    /** Every combination of the --vary values, as lists of key=value. */
    static List<List<String>> combinations(List<String> vary) {
        List<List<String>> combos = new ArrayList<>();
        combos.add(List.of());
        for (String v : vary) {
            int eq = v.indexOf('=');
            if (eq <= 0 || eq == v.length() - 1) {
                throw new ScenarioException("--vary " + v + ": expected KEY=V1,V2,… e.g. --vary server.fanout=write,read");
            }
            String key = v.substring(0, eq);
            List<List<String>> next = new ArrayList<>();
            for (List<String> c : combos) {
                for (String value : v.substring(eq + 1).split(",")) {
                    List<String> n = new ArrayList<>(c);
                    n.add(key + "=" + value.trim());
                    next.add(n);
                }
            }
            combos = next;
        }
        return combos;
    }
}
