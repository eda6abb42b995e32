package dev.imbench.reports;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imbench.reports.summary.Hlog;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.HistogramLogWriter;

/**
 * The latency logs of simulator shards merged into one run's: every
 * {@code latency/<metric>.hlog} and {@code latency/slice/<profile>/<metric>.hlog},
 * intervals added second by second on the merged clock and tag by tag
 * ({@code corrected}, {@code raw} and their {@code warmup-} twins), cut at the
 * merged run's phase changes and fault starts and ends, so that no interval
 * straddles two phases or a fault's edge.
 */
final class LatencyMerge {

    private static final String[] TAGS = {"corrected", "raw", "warmup-corrected", "warmup-raw"};

    private LatencyMerge() {
    }

    /** A bucket of the merged log: one tag, one stretch between two cuts, one second. */
    private record Key(int tag, int segment, long second) implements Comparable<Key> {
        @Override
        public int compareTo(Key o) {
            int c = Long.compare(second, o.second);
            c = c != 0 ? c : Integer.compare(segment, o.segment);
            return c != 0 ? c : Integer.compare(tag, o.tag);
        }
    }

    /** Merges the shards' logs into {@code out}/latency, cut where the merged run.json's phases and faults begin and end. */
    static void write(List<RunData> shards, Path out, long start, JsonNode run) throws IOException {
        write(shards, out, start, run, new CrossShardSamples());
    }

    /**
     * {@link #write(List, Path, long, JsonNode)}, adding the cross-shard messages' e2e (which no shard's
     * log holds) to {@code e2e}, {@code e2e-online} and {@code e2e-offline}, in the second of their arrival,
     * tagged warm-up when intended during a warm-up phase.
     */
    static void write(List<RunData> shards, Path out, long start, JsonNode run, CrossShardSamples cross)
            throws IOException {
        TreeSet<Long> cutSet = new TreeSet<>();
        for (String spans : List.of("phases", "faults")) {
            for (JsonNode p : run.path(spans)) {
                cutSet.add(p.path("start").asLong());
                cutSet.add(p.path("end").asLong());
            }
        }
        long[] cuts = cutSet.stream().mapToLong(Long::longValue).toArray();
        TreeSet<String> files = new TreeSet<>();
        for (RunData r : shards) {
            Path dir = r.dir().resolve("latency");
            if (Files.isDirectory(dir)) {
                try (Stream<Path> all = Files.walk(dir)) {
                    all.filter(p -> p.toString().endsWith(".hlog")).forEach(p -> files.add(dir.relativize(p).toString()));
                }
            }
        }
        for (String f : files) {
            TreeMap<Key, Histogram> buckets = new TreeMap<>();
            for (RunData r : shards) {
                Path file = r.dir().resolve("latency").resolve(f);
                if (!Files.exists(file)) {
                    continue;
                }
                long shardStart = r.run().path("startedAt").asLong(start);
                for (Hlog.Interval i : Hlog.read(file, shardStart).intervals()) {
                    long mid = i.midMs() + shardStart - start;
                    Key k = new Key((i.warmup() ? 2 : 0) + (i.raw() ? 1 : 0), segmentOf(cuts, mid), Math.floorDiv(mid, 1000));
                    buckets.computeIfAbsent(k, x -> new Histogram(3)).add(i.histogram());
                }
            }
            boolean online = f.equals("e2e-online.hlog");
            boolean offline = f.equals("e2e-offline.hlog");
            if (f.equals("e2e.hlog") || online || offline) {
                for (int i = 0; i < cross.size(); i++) {
                    if (online && cross.viaPull(i) || offline && !cross.viaPull(i)) {
                        continue;
                    }
                    long mid = cross.atMs(i) - start;
                    boolean warm = warmupAt(run, cross.intendedMs(i) - start);
                    for (int raw = 0; raw < 2; raw++) {
                        Key k = new Key((warm ? 2 : 0) + raw, segmentOf(cuts, mid), Math.floorDiv(mid, 1000));
                        buckets.computeIfAbsent(k, x -> new Histogram(3))
                                .recordValue(raw == 1 ? cross.rawUs(i) : cross.correctedUs(i));
                    }
                }
            }
            Path target = out.resolve("latency").resolve(f);
            Files.createDirectories(target.getParent());
            try (PrintStream ps = new PrintStream(target.toFile(), StandardCharsets.UTF_8)) {
                HistogramLogWriter w = new HistogramLogWriter(ps);
                w.outputComment("merged from " + shards.size() + " shards by imbench");
                w.outputLogFormatVersion();
                w.outputStartTime(start);
                w.setBaseTime(start);
                w.outputLegend();
                for (Map.Entry<Key, Histogram> e : buckets.entrySet()) {
                    Key k = e.getKey();
                    long from = k.second() * 1000;
                    long to = from + 1000;
                    if (k.segment() > 0) {
                        from = Math.max(from, cuts[k.segment() - 1]);
                    }
                    if (k.segment() < cuts.length) {
                        to = Math.min(to, cuts[k.segment()]);
                    }
                    Histogram h = e.getValue();
                    h.setTag(TAGS[k.tag()]);
                    h.setStartTimeStamp(start + from);
                    h.setEndTimeStamp(start + Math.max(from, to));
                    w.outputIntervalHistogram(h);
                }
            }
        }
    }

    /** Whether run-relative {@code ms} lies in a warm-up phase of {@code run}. */
    private static boolean warmupAt(JsonNode run, long ms) {
        for (JsonNode p : run.path("phases")) {
            if (p.path("warmup").asBoolean(false) && p.path("start").asLong() <= ms && ms < p.path("end").asLong()) {
                return true;
            }
        }
        return false;
    }

        /** How many cuts lie at or before {@code ms}: the stretch it falls in. */
    private static int segmentOf(long[] cuts, long ms) {
        int n = 0;
        while (n < cuts.length && cuts[n] <= ms) {
            n++;
        }
        return n;
    }
}
