package dev.imbench.reports.summary;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imbench.reports.RunData;
import dev.imbench.reports.RunReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * What the judge reads of a run directory: the files {@link RunReader} reads
 * for every report, plus {@code generator.json} and the per-slice latency logs
 * under {@code latency/slice/<profile>/}, with the phase and fault spans on the
 * run clock.
 *
 * @param dir       the run directory
 * @param data      what {@link RunReader} read
 * @param generator generator.json, or null when the run has none (schema 1)
 * @param latency   per metric, {@code latency/<metric>.hlog}
 * @param slices    per network profile, per metric
 * @param phases    run.json's phases
 * @param faults    the fault windows
 * @param spec      what to judge by (run.json's judge block)
 * @param problems  files that could not be read, one sentence each
 */
public record RunFiles(Path dir, RunData data, JsonNode generator, Map<String, Hlog> latency,
                       Map<String, Map<String, Hlog>> slices, List<Span> phases, List<Fault> faults, JudgeSpec spec,
                       List<String> problems) {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CLIENTS = Pattern.compile("(?m)^\\s+clients:\\s*(\\d+)\\s*$");

    /**
     * A phase on the run clock.
     *
     * @param name   its name (made unique with a suffix when a scenario repeats one)
     * @param start  run-relative start, ms
     * @param end    run-relative end, ms
     * @param warmup whether it is a warm-up (its samples are excluded)
     */
    public record Span(String name, long start, long end, boolean warmup) {

        /** Its length, ms. */
        public long length() {
            return Math.max(0, end - start);
        }

        /** Whether it is measured: not the ramp, not the drain, not a warm-up. */
        public boolean measured() {
            return !warmup && !name.equals("ramp") && !name.equals("drain");
        }
    }

    /**
     * A fault window on the run clock.
     *
     * @param name   how summary.json names it (its target, else its action)
     * @param action what it did
     * @param start  run-relative start, ms
     * @param end    run-relative end, ms
     */
    public record Fault(String name, String action, long start, long end) {
    }

    /** The run's clock origin, epoch ms. */
    public long startedAt() {
        return run().path("startedAt").asLong();
    }

    /** run.json. */
    public JsonNode run() {
        return data.run();
    }

    /** delivery.json (empty when an interrupted run left none). */
    public JsonNode delivery() {
        return data.delivery();
    }

    /** counters.json. */
    public JsonNode counters() {
        return data.counters();
    }

    /** series.csv by column. */
    public Map<String, double[]> series() {
        return data.series();
    }

    /** Whether SIGINT/SIGTERM stopped the run. */
    public boolean interrupted() {
        return run().path("interrupted").asBoolean(false);
    }

    /** The phases rates and the throughput are measured over. */
    public List<Span> measuredPhases() {
        return phases.stream().filter(Span::measured).toList();
    }

    /** The population's size from scenario.yaml, 0 when unknown. */
    long scenarioClients() {
        Matcher m = CLIENTS.matcher(data.scenario());
        return m.find() ? Long.parseLong(m.group(1)) : 0;
    }

    /**
     * Sum of a series.csv column over the spans: row {@code t} counts the second
     * ((t−1) s, t s]. A row that straddles a phase change is shared among the
     * phases inside it that carry load (every phase but the ramp and the drain,
     * plus the spans asked for), by their time in it: no send happens in the
     * ramp, so the first second of the first phase keeps all its acks rather than
     * giving half of them to the ramp.
     */
    public double seriesSum(String column, List<Span> spans) {
        double[] t = series().get("t");
        double[] v = series().get(column);
        java.util.Set<Span> sharing = new java.util.LinkedHashSet<>(spans);
        phases.stream().filter(p -> !p.name().equals("ramp") && !p.name().equals("drain")).forEach(sharing::add);
        double sum = 0;
        for (int i = 0; t != null && v != null && i < t.length; i++) {
            if (Double.isNaN(v[i])) {
                continue;
            }
            double rowEnd = t[i] * 1000;
            double rowStart = rowEnd - 1000;
            double shared = 0;
            for (Span s : sharing) {
                shared += overlap(rowStart, rowEnd, s);
            }
            if (shared <= 0) {
                continue;
            }
            for (Span s : spans) {
                sum += v[i] * overlap(rowStart, rowEnd, s) / shared;
            }
        }
        return sum;
    }

    /**
     * Sum of a series.csv column over the rows whose second ends in ({@code fromMs}, {@code toMs}]: a
     * fault window's counts, each row in one window, a second that holds the fault's start counted
     * during it and one that holds its end after it (what a fault causes comes after it starts).
     */
    public double seriesIn(String column, long fromMs, long toMs) {
        double[] t = series().get("t");
        double[] v = series().get(column);
        double sum = 0;
        for (int i = 0; t != null && v != null && i < t.length; i++) {
            double end = t[i] * 1000;
            if (!Double.isNaN(v[i]) && end > fromMs && end <= toMs) {
                sum += v[i];
            }
        }
        return sum;
    }

    private static double overlap(double rowStart, double rowEnd, Span s) {
        return Math.max(0, Math.min(rowEnd, s.end()) - Math.max(rowStart, s.start()));
    }

    /**
     * Reads a run directory.
     *
     * @throws BrokenRunException when it has no readable run.json, or no readable delivery.json (unless interrupted)
     */
    public static RunFiles read(Path dir) {
        RunData data;
        try {
            data = RunReader.read(dir);
        } catch (IllegalArgumentException e) {
            throw new BrokenRunException(e.getMessage());
        }
        List<String> problems = new ArrayList<>();
        for (String p : data.problems()) {
            if (p.startsWith("run.json")) {
                throw new BrokenRunException(p);
            }
            if (p.startsWith("delivery.json") && !data.run().path("interrupted").asBoolean(false)) {
                throw new BrokenRunException(p + ": the run left no delivery verdict");
            }
            if (!p.startsWith("summary.json")) {
                problems.add(p);
            }
        }
        long start = data.run().path("startedAt").asLong();
        JsonNode generator = null;
        Path g = dir.resolve("generator.json");
        if (Files.exists(g)) {
            try {
                generator = JSON.readTree(g.toFile());
            } catch (IOException e) {
                problems.add("generator.json is malformed: " + e.getMessage().lines().findFirst().orElse(""));
            }
        }
        Map<String, Hlog> latency = logs(dir.resolve("latency"), start, problems, "latency/");
        Map<String, Map<String, Hlog>> slices = new TreeMap<>();
        Path sliceDir = dir.resolve("latency").resolve("slice");
        if (Files.isDirectory(sliceDir)) {
            try (Stream<Path> ds = Files.list(sliceDir)) {
                for (Path d : ds.filter(Files::isDirectory).sorted().toList()) {
                    String profile = d.getFileName().toString();
                    slices.put(profile, logs(d, start, problems, "latency/slice/" + profile + "/"));
                }
            } catch (IOException e) {
                problems.add("latency/slice/ cannot be listed: " + e.getMessage());
            }
        }
        return new RunFiles(dir, data, generator, latency, slices, phases(data.run()), faults(data),
                JudgeSpec.from(data.run(), data.scenario()), List.copyOf(problems));
    }

    private static Map<String, Hlog> logs(Path dir, long start, List<String> problems, String label) {
        Map<String, Hlog> out = new LinkedHashMap<>();
        if (!Files.isDirectory(dir)) {
            return out;
        }
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".hlog")).sorted().toList()) {
                String metric = f.getFileName().toString().replaceFirst("\\.hlog$", "");
                try {
                    out.put(metric, Hlog.read(f, start));
                } catch (RuntimeException e) {
                    problems.add(label + f.getFileName() + " is not a readable HdrHistogram log: " + e.getMessage());
                }
            }
        } catch (IOException e) {
            problems.add(label + " cannot be listed: " + e.getMessage());
        }
        return out;
    }

    private static List<Span> phases(JsonNode run) {
        List<Span> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (JsonNode p : run.path("phases")) {
            String name = SloPaths.unique(p.path("name").asText("phase"), seen);
            out.add(new Span(name, p.path("start").asLong(), p.path("end").asLong(), p.path("warmup").asBoolean(false)));
        }
        return List.copyOf(out);
    }

    /** run.json's faults, or (older runs) the fault events of events.jsonl. */
    private static List<Fault> faults(RunData data) {
        List<Fault> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        long lastEnd = data.run().path("phases").isEmpty() ? Long.MAX_VALUE
                : data.run().path("phases").get(data.run().path("phases").size() - 1).path("end").asLong();
        if (data.run().path("faults").isArray()) {
            for (JsonNode f : data.run().path("faults")) {
                out.add(new Fault(SloPaths.unique(f.path("name").asText(f.path("action").asText("fault")), seen),
                        f.path("action").asText(""), f.path("start").asLong(), f.path("end").asLong(lastEnd)));
            }
            return List.copyOf(out);
        }
        List<JsonNode> events = data.events();
        for (int i = 0; i < events.size(); i++) {
            JsonNode e = events.get(i);
            if (!"fault".equals(e.path("type").asText())) {
                continue;
            }
            String name = e.path("name").asText("fault");
            long end = e.has("end") ? e.path("end").asLong() : lastEnd;
            for (int j = i + 1; !e.has("end") && j < events.size(); j++) {
                JsonNode later = events.get(j);
                if (name.equals(later.path("name").asText()) && "removed".equals(later.path("detail").asText().split(" ")[0])) {
                    end = later.path("t").asLong();
                    break;
                }
            }
            out.add(new Fault(SloPaths.unique(name, seen), "", e.path("t").asLong(), end));
        }
        return List.copyOf(out);
    }
}
