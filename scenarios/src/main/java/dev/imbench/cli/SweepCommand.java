package dev.imbench.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.imbench.reports.SweepReport;
import dev.imbench.runner.RunControl;
import dev.imbench.runner.RunDirectory;
import dev.imbench.runner.SimulationWorkload;
import dev.imbench.reports.summary.SloEvaluator;
import dev.imbench.reports.summary.SummaryBuilder;
import dev.imbench.scenario.Scenario;
import dev.imbench.scenario.ScenarioException;
import dev.imbench.reports.summary.Slo;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code imbench sweep}: one run per combination of settings, or a capacity search. */
@Command(name = "sweep", mixinStandardHelpOptions = true,
        description = {"Run a scenario per combination of settings, or search for the capacity.",
            "",
            "Runs a scenario per combination of --vary values (one run directory each, plus",
            "a sweep directory with sweep.json, sweep.csv and sweep.html), or searches with",
            "--find-max for the highest value of a setting that still meets an SLO",
            "(bisection).",
            "",
            "Fair comparisons: before the first run the JVM is warmed by one unrecorded run",
            "of the first combination (--no-warmup skips it): a cold JIT would otherwise",
            "favour whichever setting runs last. Each combination then runs --repeat times",
            "in interleaved rounds (A B, then B A, ...), so a drift over the sweep favours",
            "neither; the tables give each metric's median and [min-max]. All runs use the",
            "same seed, so the spread is timing noise, not different decisions.",
            "",
            "Noise band: a combination differs from the first on a metric only when the two",
            "medians are further apart than the two spreads (max - min) added. One run each",
            "gives no band, and nothing is judged.",
            "",
            "--fork runs each run in a fresh JVM instead: no shared JIT, heap or threads,",
            "but slower, and each run starts cold (give the scenario a warmup: period)."},
        footer = {"",
            "Examples:",
            "  imbench sweep group-fanout --vary server.fanout=write,read",
            "  imbench sweep c2c --vary server.fanout=write,write --repeat 5   # an A/A check",
            "  imbench sweep c2c --find-max rate --from 100 --to 20000 \\",
            "      --slo 'latency.e2e.p99 < 200ms'",
            "",
            "Every combination is loaded and checked before the first run: a refused one",
            "stops the sweep with exit 2 and nothing runs.",
            "",
            "Exit codes with --vary: 0 every run passed, 1 a run failed its SLOs, 2 a",
            "broken scenario, combination or environment, 3 a run was inconclusive",
            "(generator-bound), 130 interrupted.",
            "Exit codes with --find-max: 0 the capacity is bracketed (a passing value below",
            "a failing one), 1 not bracketed: even --from fails, 2 broken, 3 not bracketed:",
            "the load generator could not offer the load before any value failed, 4 not",
            "bracketed: every probe passed, the capacity is at or above --to, 130",
            "interrupted: Ctrl-C stops the current run cleanly, starts no other and writes",
            "sweep.json with what ran."})
public final class SweepCommand implements Callable<Integer> {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Runs per combination with --vary when --repeat is not given. */
    static final int DEFAULT_REPEAT = 3;

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

    @Option(names = "--steps", paramLabel = "N", defaultValue = "6",
            description = "Probes with --find-max: --from, --to, then bisection (at least 2; default: ${DEFAULT-VALUE}).")
    int steps;

    @Option(names = "--repeat", paramLabel = "N",
            description = "Runs per combination, interleaved; median and spread are reported (default: "
                + DEFAULT_REPEAT + " with --vary, the fewest that give a median robust to one outlier and a spread;"
                + " 1 with --find-max, where a probe passes only when all its runs pass). Two identical settings"
                + " differ beyond the band on a given metric about 1 time in 70 with 3 runs, 1 in 10 000 with 5.")
    Integer repeat;

    @Option(names = "--fork", description = "Run each run in a fresh JVM (the same java and class path) instead of this one.")
    boolean fork;

    @Option(names = "--warmup", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Warm this JVM with one unrecorded run of the first combination before the sweep"
                + " (default: on; not with --fork, whose runs each start their own JVM).")
    boolean warmup;

    /** Stops the current run (interrupted, exit 130) and then the sweep: asked by SIGINT/SIGTERM, or a test. */
    final RunControl control = new RunControl();

    @Override
    public Integer call() {
        PrintStream out = System.out;
        PrintStream err = System.err;
        List<List<String>> combos;
        Slo capacitySlo = null;
        int runs;
        try {
            if (findMax != null) {
                if (!vary.isEmpty()) {
                    throw new ScenarioException("--find-max and --vary do not go together: one sweep searches or varies");
                }
                if (from == null || to == null || slo == null || !(from > 0) || !(to > from) || steps < 2) {
                    throw new ScenarioException("--find-max needs --from N --to M with 0 < N < M, --slo EXPR and --steps >= 2");
                }
                capacitySlo = Slo.parse(slo);
                // the ends of the range stand for every probe: the values between differ only in size
                combos = List.of(List.of(findMax + "=" + CapacitySearch.format(from)),
                        List.of(findMax + "=" + CapacitySearch.format(to)));
            } else {
                combos = combinations(vary);
            }
            runs = repeat == null ? (findMax == null ? DEFAULT_REPEAT : 1) : repeat;
            if (runs < 1 || runs > 100) {
                throw new ScenarioException("--repeat " + runs + ": expected 1 to 100 runs per combination");
            }
            List<String> refused = refusals(combos);
            if (!refused.isEmpty()) {
                err.println("imbench: the sweep is refused before any run:");
                refused.forEach(r -> err.println("  " + r));
                return SweepExit.BROKEN;
            }
        } catch (ScenarioException | IllegalArgumentException e) {
            err.println("imbench: " + e.getMessage());
            return SweepExit.BROKEN;
        }
        RunDirectory sweepDir = RunDirectory.create(options.out, "sweep-" + scenarioName(), 0, Instant.now());
        out.println("imbench: sweep directory " + sweepDir.path());
        SignalStop signals = SignalStop.install(control, err); // Ctrl-C ends the current run cleanly, then the sweep
        try {
            RunLauncher launcher = fork ? new ForkedLauncher(scenario, options, sweepDir.file("fork"), control)
                    : new InProcessLauncher(scenario, options, out, control);
            return sweep(launcher, combos, capacitySlo, runs, sweepDir, out, err);
        } finally {
            signals.close();
        }
    }

    private int sweep(RunLauncher launcher, List<List<String>> combos, Slo capacitySlo, int runs, RunDirectory sweepDir,
                      PrintStream out, PrintStream err) {
        ObjectNode sweep = JSON.createObjectNode();
        sweep.put("schema", 2).put("scenario", scenarioName()).put("mode", findMax == null ? "vary" : "find-max")
                .put("repeat", runs).put("fork", fork)
                .put("order", "interleaved rounds, every other round reversed (A B, B A, ...)");
        ArrayNode rows = JSON.createArrayNode();
        int exit;
        ObjectNode warm = warmUp(launcher, combos.get(0), sweepDir, out);
        sweep.set("warmup", warm);
        if (warm.has("exitCode") && SweepExit.stops(warm.get("exitCode").asInt())) {
            err.println("imbench: the warm-up run ended with exit " + warm.get("exitCode").asInt() + ": "
                    + warm.path("message").asText());
            exit = warm.get("exitCode").asInt();
        } else if (findMax != null) {
            CapacitySearch.Result result = capacitySearch(launcher, capacitySlo, runs, rows, out);
            sweep.set("capacity", result.toJson());
            out.println("imbench: " + result.answer());
            exit = result.outcome().exitCode;
        } else {
            exit = vary(launcher, combos, runs, rows, sweep, out);
        }
        sweep.set("runs", rows);
        SummaryBuilder.write(sweepDir.file("sweep.json"), sweep);
        SweepTable.writeCsv(sweepDir.file("sweep.csv"), rows);
        out.println(SweepTable.render(sweep));
        out.println("imbench: sweep summary " + sweepDir.file("sweep.json") + ", chart " + SweepReport.write(sweepDir.path()));
        out.println("imbench: sweep exit " + exit);
        return exit;
    }

    /** Loads every combination and asks the workload what it would refuse, before anything runs. */
    private List<String> refusals(List<List<String>> combos) {
        List<String> refused = new ArrayList<>();
        for (List<String> combo : combos) {
            String label = combo.isEmpty() ? "the scenario" : String.join(" ", combo);
            try {
                List<String> cannot = SimulationWorkload.refusals(RunSupport.load(scenario,
                        InProcessLauncher.with(options, combo, options.out)));
                if (!cannot.isEmpty()) {
                    refused.add(label + ": this build cannot run " + String.join("; ", cannot));
                }
            } catch (ScenarioException e) {
                refused.add(label + ": " + e.getMessage());
            }
        }
        return refused;
    }

    private ObjectNode warmUp(RunLauncher launcher, List<String> first, RunDirectory sweepDir, PrintStream out) {
        ObjectNode w = JSON.createObjectNode();
        if (fork) {
            return w.put("skipped", "--fork: each run starts its own JVM; a scenario warmup: period warms each");
        }
        if (!warmup) {
            return w.put("skipped", "--no-warmup");
        }
        out.println("imbench: warm-up run (not recorded): " + (first.isEmpty() ? "the scenario as is" : String.join(" ", first)));
        SweepRun r = launcher.launch(first, sweepDir.file("warmup"));
        w.set("settings", SweepStatistics.settingsJson(first));
        return w.put("recorded", false).put("run", r.dir() == null ? "" : r.dir().toString())
                .put("exitCode", r.exitCode()).put("message", r.message());
    }

    private int vary(RunLauncher launcher, List<List<String>> combos, int runs, ArrayNode rows, ObjectNode sweep,
                     PrintStream out) {
        List<List<SweepRun>> byCombo = new ArrayList<>();
        combos.forEach(c -> byCombo.add(new ArrayList<>()));
        List<Integer> codes = new ArrayList<>();
        int total = combos.size() * runs;
        rounds:
        for (int round = 0; round < runs; round++) {
            List<Integer> order = new ArrayList<>();
            for (int c = 0; c < combos.size(); c++) {
                order.add(c);
            }
            if (round % 2 == 1) {
                Collections.reverse(order);
            }
            for (int c : order) {
                SweepRun r = launcher.launch(combos.get(c), options.out);
                byCombo.get(c).add(r);
                codes.add(r.exitCode());
                row(rows, r, c, round, r.exitCode());
                out.println(String.format(Locale.ROOT, "imbench: [%d/%d] %s (run %d of %d) -> exit %d (%s)", rows.size(), total,
                        label(combos.get(c)), round + 1, runs, r.exitCode(), r.verdict()));
                if (SweepExit.stops(r.exitCode())) {
                    break rounds;
                }
            }
        }
        List<SweepStatistics.Combination> stats = SweepStatistics.of(combos, byCombo);
        sweep.set("combinations", SweepStatistics.toJson(stats));
        sweep.set("noise", SweepStatistics.noiseJson(stats, runs));
        return SweepExit.worst(codes);
    }

    private CapacitySearch.Result capacitySearch(RunLauncher launcher, Slo capacity, int runs, ArrayNode rows,
                                                 PrintStream out) {
        int[] probeIndex = {0};
        boolean oneKind = sendsOneKind(List.of(findMax + "=" + CapacitySearch.format(from)));
        return CapacitySearch.search(findMax, capacity.expression(), from, to, steps, value -> {
            int probe = probeIndex[0]++;
            String setting = findMax + "=" + CapacitySearch.format(value);
            List<SweepRun> done = new ArrayList<>();
            List<CapacitySearch.Verdict> verdicts = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                SweepRun r = launcher.launch(List.of(setting), options.out);
                CapacitySearch.Verdict v = judge(r, capacity);
                done.add(r);
                verdicts.add(v);
                row(rows, r, probe, i, v.exitCode).put("capacitySlo", v.word());
                out.println(String.format(Locale.ROOT, "imbench: probe %s (run %d of %d) -> exit %d (%s)", setting, i + 1, runs,
                        v.exitCode, v.word()));
                if (SweepExit.stops(v.exitCode)) {
                    break;
                }
            }
            List<Double> achieved = done.stream().map(r -> achieved(findMax, r.summary(), oneKind))
                    .filter(d -> d != null).toList();
            return new CapacitySearch.Probe(value, combine(verdicts),
                    achieved.isEmpty() ? null : SweepStatistics.Spread.of(achieved).median(),
                    done.stream().anyMatch(SweepRun::generatorBound), done);
        });
    }

    /** A probe run's verdict: broken and interrupted as they are, generator-bound as neither pass nor fail. */
    static CapacitySearch.Verdict judge(SweepRun r, Slo capacity) {
        if (r.exitCode() == SweepExit.INTERRUPTED) {
            return CapacitySearch.Verdict.INTERRUPTED;
        }
        if (r.summary() == null || r.exitCode() == SweepExit.BROKEN) {
            return CapacitySearch.Verdict.BROKEN;
        }
        if (r.generatorBound()) {
            return CapacitySearch.Verdict.INCONCLUSIVE;
        }
        if (r.exitCode() != SweepExit.PASSED) {
            return CapacitySearch.Verdict.FAIL;
        }
        return SloEvaluator.evaluate(List.of(capacity), r.summary()).get(0).passed()
                ? CapacitySearch.Verdict.PASS : CapacitySearch.Verdict.FAIL;
    }

    /** A probe of several runs: any broken or interrupted run decides, then any failure, then any inconclusive one. */
    static CapacitySearch.Verdict combine(List<CapacitySearch.Verdict> verdicts) {
        for (CapacitySearch.Verdict v : List.of(CapacitySearch.Verdict.BROKEN, CapacitySearch.Verdict.INTERRUPTED,
                CapacitySearch.Verdict.FAIL, CapacitySearch.Verdict.INCONCLUSIVE)) {
            if (verdicts.contains(v)) {
                return v;
            }
        }
        return CapacitySearch.Verdict.PASS;
    }

    /**
     * What a probe run of this setting achieved, from its summary's throughput: the per-kind rate when the
     * summary has it, all acked sends when the scenario sends that kind only; peak online clients for
     * {@code clients}; null when summary.json holds no number that answers for the setting.
     */
    static Double achieved(String key, JsonNode summary, boolean sendsOneKind) {
        String kind = key.equals("rate") || key.endsWith("rates.c2c") ? "c2c" : key.endsWith("rates.c2g") ? "c2g" : null;
        if (kind != null) {
            Double perKind = SweepStatistics.number(summary, "throughput." + kind + "PerSec");
            return perKind != null || !sendsOneKind ? perKind : SweepStatistics.number(summary, "throughput.sendsPerSec");
        }
        if (key.equals("clients") || key.equals("population.clients")) {
            return SweepStatistics.number(summary, "clients.peakOnline");
        }
        return null;
    }

    /** Whether the scenario (with this combination) sends one kind of message only, so all sends are that kind. */
    private boolean sendsOneKind(List<String> combo) {
        Scenario s = RunSupport.load(scenario, InProcessLauncher.with(options, combo, options.out));
        boolean c2c = s.phases().stream().anyMatch(p -> p.rates().c2c() > 0);
        boolean c2g = s.phases().stream().anyMatch(p -> p.rates().c2g() > 0);
        return !(c2c && c2g);
    }

    private static ObjectNode row(ArrayNode rows, SweepRun r, int combination, int repeatIndex, int exit) {
        ObjectNode row = rows.addObject();
        row.set("settings", SweepStatistics.settingsJson(r.settings()));
        row.put("combination", combination).put("repeat", repeatIndex);
        row.put("run", r.dir() == null ? "" : r.dir().toString());
        row.put("exitCode", exit).put("runExitCode", r.exitCode()).put("verdict", r.verdict());
        row.put("generatorBound", r.generatorBound()).put("pid", r.pid());
        JsonNode s = r.summary();
        if (s != null) {
            row.set("throughput", s.path("throughput"));
            row.set("e2e", s.path("latency").path("e2e"));
            row.put("passed", s.path("passed").asBoolean());
        } else {
            row.put("message", r.message());
        }
        return row;
    }

    private static String label(List<String> combo) {
        return combo.isEmpty() ? "(scenario as is)" : String.join(" ", combo);
    }

    private String scenarioName() {
        String n = Path.of(scenario).getFileName().toString();
        return n.endsWith(".yaml") ? n.substring(0, n.length() - 5) : n;
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
