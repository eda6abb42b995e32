package dev.imbench.reports;

import com.fasterxml.jackson.databind.JsonNode;
import dev.imbench.sim.ledger.LedgerReader;
import dev.imbench.sim.ledger.LedgerWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.TreeMap;

/**
 * The shards given to a merge, checked to be all the shards of one run: each has a ledger file; all have
 * the same scenario, seed, population, shard count and agreed start; every index from 0 to count-1 is
 * there exactly once. Anything else is refused with what is wrong, because summing what is not one run
 * gives numbers that look right and are not (two sequential runs with one seed are two runs).
 *
 * @param shards the shards, ordered by index
 */
public record ShardSet(List<Shard> shards) {

    /**
     * One shard's run directory and its ledger header.
     *
     * @param dir    the run directory
     * @param header the ledger header ({@link LedgerReader#header()})
     */
    public record Shard(Path dir, JsonNode header) {

        /** The shard index. */
        public int index() {
            return header.path("shardIndex").asInt();
        }

        /** The ledger file. */
        public Path ledger() {
            return dir.resolve(LedgerWriter.FILE);
        }
    }

    /**
     * Reads the ledger headers and checks that they make up one run.
     *
     * @throws IllegalArgumentException saying which shard differs, which index is missing or doubled
     */
    public static ShardSet of(List<Path> dirs) {
        if (dirs.isEmpty()) {
            throw new IllegalArgumentException("--merge needs the run directories of a run's shards");
        }
        List<Shard> shards = new ArrayList<>();
        for (Path d : dirs) {
            Path f = d.resolve(LedgerWriter.FILE);
            if (!Files.isRegularFile(f)) {
                throw new IllegalArgumentException(d + " has no " + LedgerWriter.FILE + ": only shards of one run can be"
                        + " merged (run each with --shard INDEX/COUNT and one --start-at or --start-barrier)");
            }
            try (LedgerReader r = LedgerReader.open(f)) {
                shards.add(new Shard(d, r.header()));
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read " + f + ": " + e.getMessage(), e);
            }
        }
        Shard first = shards.get(0);
        for (Shard s : shards) {
            same(first, s, "scenario", "different scenarios");
            same(first, s, "scenarioSha256", "different scenario settings (the resolved scenario.yaml differs)");
            same(first, s, "seed", "different seeds");
            same(first, s, "clients", "different populations");
            same(first, s, "shardCount", "different shard counts");
            same(first, s, "agreedStartEpochMs", "different starts: they are shards of different runs (two runs with"
                    + " one seed, one after the other, are two runs, not two shards of one)");
            same(first, s, "uidPrefix", "different uid prefixes");
        }
        int count = first.header().path("shardCount").asInt();
        TreeMap<Integer, Shard> byIndex = new TreeMap<>();
        for (Shard s : shards) {
            Shard other = byIndex.putIfAbsent(s.index(), s);
            if (other != null) {
                throw new IllegalArgumentException(other.dir() + " and " + s.dir() + " are both shard " + s.index() + " of "
                        + count + " (Kubernetes can start two pods for one index): keep one of them");
            }
        }
        List<Integer> missing = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (!byIndex.containsKey(i)) {
                missing.add(i);
            }
        }
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException("shard" + (missing.size() == 1 ? " " : "s ") + missing + " of " + count
                    + " missing: a merge without every shard cannot judge the messages sent to or from the missing ones");
        }
        shards.sort(Comparator.comparingInt(Shard::index));
        return new ShardSet(List.copyOf(shards));
    }

    private static void same(Shard a, Shard b, String field, String what) {
        if (!a.header().path(field).equals(b.header().path(field))) {
            throw new IllegalArgumentException("cannot merge shards of " + what + ": " + a.dir() + " has " + field + " "
                    + a.header().path(field) + ", " + b.dir() + " has " + field + " " + b.header().path(field));
        }
    }

    /** The shard count. */
    public int count() {
        return shards.size();
    }

    /** The population (client indexes of every shard). */
    public int clients() {
        return shards.get(0).header().path("clients").asInt();
    }
}
