package dev.imbench.reports.summary;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Which numbers of {@code summary.json} an SLO may name, for one scenario: the
 * whole-run sections and the breakdowns by phase, network slice and fault
 * window that scenario will produce. A scenario is checked against it when it
 * loads, so a misspelt path fails before any client starts.
 *
 * @param phases the scenario's phase names
 * @param slices the network profiles clients are sliced by
 * @param faults the fault names ({@link #faultName})
 */
public record SloPaths(List<String> phases, List<String> slices, List<String> faults) {

    /** Latency metrics the simulator records (files {@code latency/<metric>.hlog}). */
    public static final List<String> METRICS = List.of("login", "ack", "e2e", "pull", "drain", "kickout", "reconnect",
            "c2s-ack", "c2s", "s2c", "pull-periodic");
    /** The counts of the business flows ({@code delivery.business.<flow>.<count>}), flow by flow. */
    public static final java.util.Map<String, List<String>> BUSINESS = java.util.Map.of(
            "c2s", List.of("attempted", "sent", "acked", "consumed", "lost", "duplicated", "unexpected", "recovered"),
            "s2c", List.of("attempted", "unsent", "inFlight", "accepted", "offline", "failed", "delivered",
                    "droppedAtDisconnect", "lost",
                    "duplicated", "unexpected"),
            "pulls", List.of("rounds", "pages", "rows"));
    /** The statistics of one latency block. */
    public static final List<String> STATS = List.of("count", "p50", "p75", "p90", "p95", "p99", "p999", "p9999", "max");
    /** The delivery counts (and two flags) of a delivery block. */
    public static final List<String> DELIVERY = List.of("attempted", "acked", "expected", "delivered", "deliveredOnline",
            "deliveredByPull", "lost", "duplicated", "reordered", "unexpected", "recovered", "valid", "drainComplete");
    /** Rates of a throughput block. */
    public static final List<String> THROUGHPUT = List.of("sendsPerSec", "c2cPerSec", "c2gPerSec", "deliveriesPerSec",
            "offeredPerSec");
    /** Numbers of the clients block. */
    public static final List<String> CLIENTS = List.of("target", "peakOnline", "peakOnlineFraction");
    /** Numbers of the generator block. */
    public static final List<String> GENERATOR = List.of("offeredPerSec", "achievedPerSec", "achievedFraction",
            "lagP99Ms", "cpu.fractionOfMachine", "cpu.processCpuMs", "gc.collections", "gc.pauseMs", "gc.maxPauseMs");
    /** The windows of a fault. */
    public static final List<String> WINDOWS = List.of("before", "during", "after");
    /**
     * A fault's time to recover ({@code fault.<name>.recovery.<field>}); the two times are -1 when
     * nothing came after the fault's end, which an SLO on them counts as not recovered.
     */
    public static final List<String> RECOVERY = List.of("firstAckMs", "backlogMs", "backlogMessages");

    /** Copies the lists. */
    public SloPaths {
        phases = List.copyOf(new LinkedHashSet<>(phases));
        slices = List.copyOf(new LinkedHashSet<>(slices));
        faults = List.copyOf(new LinkedHashSet<>(faults));
    }

    /** Whether {@code path} is a fault's time to recover, where -1 means it did not recover. */
    public static boolean isRecoveryTime(String path) {
        return path.startsWith("fault.") && (path.endsWith(".recovery.firstAckMs") || path.endsWith(".recovery.backlogMs"));
    }

    /** The name a fault goes by in summary.json: its target (a profile, a process), else its action. */
    public static String faultName(String action, String target) {
        return target == null || target.isBlank() ? action : target;
    }

    /** Names made unique as run.json does it: a repeated name gets {@code -2}, {@code -3}, … */
    public static List<String> unique(List<String> names) {
        List<String> out = new ArrayList<>();
        Set<String> seen = new java.util.HashSet<>();
        names.forEach(n -> out.add(unique(n, seen)));
        return out;
    }

    /** {@code name}, or the first of {@code name-2}, {@code name-3}, … not yet in {@code seen}; adds it. */
    static String unique(String name, Set<String> seen) {
        String n = name;
        for (int i = 2; !seen.add(n); i++) {
            n = name + "-" + i;
        }
        return n;
    }

    /**
     * Checks that the SLO's path names a number this scenario's summary will hold.
     *
     * @throws IllegalArgumentException naming the path and listing the valid ones
     */
    public void check(Slo slo) {
        if (!all().contains(slo.path())) {
            throw new IllegalArgumentException("\"" + slo.path() + "\" names no number of summary.json; valid paths: "
                    + describe());
        }
    }

    /** Every valid path. */
    public Set<String> all() {
        Set<String> out = new LinkedHashSet<>();
        latency("", out);
        fields("delivery.", DELIVERY, out);
        for (String flow : List.of("c2s", "s2c", "pulls")) {
            fields("delivery.business." + flow + ".", BUSINESS.get(flow), out);
        }
        fields("throughput.", THROUGHPUT, out);
        fields("clients.", CLIENTS, out);
        fields("generator.", GENERATOR, out);
        out.add("durationMs");
        out.add("warmup.samples");
        for (String p : phases) {
            latency("phase." + p + ".", out);
            fields("phase." + p + ".delivery.", DELIVERY, out);
            fields("phase." + p + ".throughput.", THROUGHPUT, out);
        }
        for (String s : slices) {
            latency("slice." + s + ".", out);
            fields("slice." + s + ".delivery.", DELIVERY, out);
        }
        for (String f : faults) {
            for (String w : WINDOWS) {
                latency("fault." + f + "." + w + ".", out);
                fields("fault." + f + "." + w + ".delivery.", DELIVERY, out);
            }
            fields("fault." + f + ".recovery.", RECOVERY, out);
        }
        return out;
    }

    /** The valid paths as patterns, for an error message. */
    public String describe() {
        List<String> lines = new ArrayList<>();
        lines.add("latency.<metric>[.raw].<stat> and latency.e2e.<online|offline>[.raw].<stat> with metric one of "
                + String.join(" ", METRICS) + " and stat one of " + String.join(" ", STATS));
        lines.add("delivery.<" + String.join("|", DELIVERY) + ">");
        lines.add("delivery.business.<c2s|s2c|pulls>.<count> (c2s " + String.join("|", BUSINESS.get("c2s")) + "; s2c "
                + String.join("|", BUSINESS.get("s2c")) + "; pulls " + String.join("|", BUSINESS.get("pulls")) + ")");
        lines.add("throughput.<" + String.join("|", THROUGHPUT) + ">");
        lines.add("clients.<" + String.join("|", CLIENTS) + ">");
        lines.add("generator.<" + String.join("|", GENERATOR) + ">");
        lines.add("durationMs, warmup.samples");
        lines.add(phases.isEmpty() ? "phase.<name>.… (this scenario has no phases)"
                : "phase.<" + String.join("|", phases) + ">.<latency…|delivery…|throughput…>");
        lines.add(slices.isEmpty() ? "slice.<profile>.… (this scenario has no network slices)"
                : "slice.<" + String.join("|", slices) + ">.<latency…|delivery…>");
        lines.add(faults.isEmpty() ? "fault.<name>.… (this scenario has no faults)"
                : "fault.<" + String.join("|", faults) + ">.<before|during|after>.<latency…|delivery…> and fault.<"
                        + String.join("|", faults) + ">.recovery.<" + String.join("|", RECOVERY) + ">");
        return String.join("; ", lines);
    }

    /**
     * The unit of the numbers at a path: {@code ms} (latencies, lags, pauses),
     * {@code /s} (rates), {@code fraction}, {@code count}, or empty for flags.
     */
    public static String unitOf(String path) {
        String last = path.substring(path.lastIndexOf('.') + 1);
        if (last.equals("valid") || last.equals("drainComplete")) {
            return "";
        }
        if (last.endsWith("PerSec")) {
            return "/s";
        }
        if (last.endsWith("Fraction") || last.equals("fractionOfMachine")) {
            return "fraction";
        }
        if (last.endsWith("Ms") || path.equals("durationMs")) {
            return "ms";
        }
        boolean latency = path.startsWith("latency.") || path.contains(".latency.");
        if (latency && !last.equals("count")) {
            return "ms";
        }
        return "count";
    }

    /** A value with its unit, as the terminal and junit.xml print it. */
    public static String withUnit(double value, String unit) {
        String v = value == Math.rint(value) && Math.abs(value) < 1e15
                ? String.valueOf((long) value) : String.format(java.util.Locale.ROOT, "%.3f", value).replaceFirst("0+$", "");
        return switch (unit) {
            case "ms" -> v + " ms";
            case "/s" -> v + "/s";
            case "fraction" -> v + " (" + String.format(java.util.Locale.ROOT, "%.1f", value * 100) + " %)";
            default -> v;
        };
    }

    private static void latency(String prefix, Collection<String> out) {
        for (String m : METRICS) {
            block(prefix + "latency." + m + ".", out);
            if (m.equals("e2e")) {
                block(prefix + "latency.e2e.online.", out);
                block(prefix + "latency.e2e.offline.", out);
            }
        }
    }

    private static void block(String prefix, Collection<String> out) {
        fields(prefix, STATS, out);
        fields(prefix + "raw.", STATS, out);
    }

    private static void fields(String prefix, List<String> names, Collection<String> out) {
        names.forEach(n -> out.add(prefix + n));
    }
}
