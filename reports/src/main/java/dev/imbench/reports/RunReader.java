package dev.imbench.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads a run directory into {@link RunData}. It never fails on one bad file:
 * a missing or malformed file becomes a sentence in {@code problems()} naming it,
 * so a report still shows what could be read. Only a directory that does not
 * exist is an error.
 */
public final class RunReader {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RunReader() {
    }

    /**
     * Reads everything in {@code dir}.
     *
     * @throws IllegalArgumentException when {@code dir} is not a directory
     */
    public static RunData read(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException(dir + " is not a run directory (no such directory)");
        }
        List<String> problems = new ArrayList<>();
        JsonNode summary = json(dir, "summary.json", problems);
        JsonNode run = json(dir, "run.json", problems);
        JsonNode delivery = json(dir, "delivery.json", problems);
        JsonNode counters = json(dir, "counters.json", problems);
        List<JsonNode> events = events(dir, problems);
        Map<String, double[]> series = series(dir, problems);
        long start = run.path("startedAt").asLong(0);
        Map<String, LatencyLog> latency = new LinkedHashMap<>();
        Path ldir = dir.resolve("latency");
        if (Files.isDirectory(ldir)) {
            try (Stream<Path> files = Files.list(ldir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".hlog")).sorted().toList()) {
                    String metric = f.getFileName().toString().replaceFirst("\\.hlog$", "");
                    try {
                        LatencyLog log = LatencyLog.read(f, start);
                        if (log.isEmpty()) {
                            problems.add("latency/" + f.getFileName() + " holds no interval histogram (not an HdrHistogram log?)");
                        } else {
                            latency.put(metric, log);
                        }
                    } catch (RuntimeException e) {
                        problems.add("latency/" + f.getFileName() + " is not a readable HdrHistogram log: " + e.getMessage());
                    }
                }
            } catch (IOException e) {
                problems.add("latency/ cannot be listed: " + e.getMessage());
            }
        } else {
            problems.add("latency/ is missing: no latency charts");
        }
        String scenario = text(dir, "scenario.yaml", problems);
        return new RunData(dir, summary, run, delivery, counters, events, series, latency, scenario, problems);
    }

    private static JsonNode json(Path dir, String name, List<String> problems) {
        Path f = dir.resolve(name);
        try {
            JsonNode n = JSON.readTree(f.toFile());
            if (n == null || !n.isObject()) {
                problems.add(name + " is not a JSON object");
                return JSON.createObjectNode();
            }
            return n;
        } catch (IOException e) {
            problems.add(Files.exists(f) ? name + " is malformed: " + firstLine(e.getMessage()) : name + " is missing");
            return JSON.createObjectNode();
        }
    }

    private static String text(Path dir, String name, List<String> problems) {
        try {
            return Files.readString(dir.resolve(name));
        } catch (NoSuchFileException e) {
            problems.add(name + " is missing");
        } catch (IOException e) {
            problems.add(name + " cannot be read: " + e.getMessage());
        }
        return "";
    }

    private static List<JsonNode> events(Path dir, List<String> problems) {
        List<JsonNode> out = new ArrayList<>();
        String text = text(dir, "events.jsonl", problems);
        int line = 0;
        for (String l : text.split("\n")) {
            line++;
            if (l.isBlank()) {
                continue;
            }
            try {
                out.add(JSON.readTree(l));
            } catch (IOException e) {
                problems.add("events.jsonl:" + line + " is not JSON; skipped");
            }
        }
        return out;
    }

    private static Map<String, double[]> series(Path dir, List<String> problems) {
        Map<String, double[]> cols = new LinkedHashMap<>();
        List<String> lines = List.of(text(dir, "series.csv", problems).split("\n")).stream()
                .filter(l -> !l.isBlank()).toList();
        if (lines.isEmpty()) {
            return cols;
        }
        String[] header = lines.get(0).split(",");
        double[][] values = new double[header.length][lines.size() - 1];
        for (int r = 1; r < lines.size(); r++) {
            String[] cells = lines.get(r).split(",");
            for (int c = 0; c < header.length; c++) {
                try {
                    values[c][r - 1] = c < cells.length ? Double.parseDouble(cells[c].trim()) : Double.NaN;
                } catch (NumberFormatException e) {
                    problems.add("series.csv:" + (r + 1) + " column " + header[c] + " is not a number: " + cells[c]);
                    values[c][r - 1] = Double.NaN;
                }
            }
        }
        for (int c = 0; c < header.length; c++) {
            cols.put(header[c].trim(), values[c]);
        }
        return cols;
    }

    /**
     * An optional JSON file of the run directory (e.g. {@code generator.json}, which
     * older runs lack): empty when the file is absent, empty and a problem naming the
     * file when it is malformed.
     */
    public static Optional<JsonNode> optionalJson(Path dir, String name, List<String> problems) {
        if (!Files.exists(dir.resolve(name))) {
            return Optional.empty();
        }
        List<String> mine = new ArrayList<>();
        JsonNode n = json(dir, name, mine);
        problems.addAll(mine);
        return mine.isEmpty() ? Optional.of(n) : Optional.empty();
    }

    /**
     * {@code server-metrics.prom} (optional: only runs against an in-process or scraped
     * server have it), parsed; lines that are not samples become problems.
     */
    public static Optional<PromText.Parsed> serverMetrics(Path dir, List<String> problems) {
        Path f = dir.resolve("server-metrics.prom");
        if (!Files.exists(f)) {
            return Optional.empty();
        }
        try {
            PromText.Parsed parsed = PromText.parse(Files.readString(f), "server-metrics.prom");
            problems.addAll(parsed.problems());
            return Optional.of(parsed);
        } catch (IOException e) {
            problems.add("server-metrics.prom cannot be read: " + e.getMessage());
            return Optional.empty();
        }
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }

}
