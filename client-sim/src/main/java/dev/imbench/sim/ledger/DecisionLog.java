package dev.imbench.sim.ledger;

import dev.imbench.sim.load.LoadPhase;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The seeded decision log of a run, {@code decisions.csv}: one row per send action of the ledger,
 * {@code phase,offsetUs,sender,recipient,clientMsgId}, sorted by phase (in run order), offset, sender and
 * client message id. {@code offsetUs} counts from the phase's start; sender and recipient are client
 * indexes ({@code g<index>} for a group), so the file is the same for the same seed whatever the uids.
 *
 * <p>Bounded: at most {@code maxRows} rows ({@link #MAX_ROWS} in a run), the first ones in that order. Each
 * sender's rows are merged in order straight from the ledger (which holds every attempt anyway), so writing
 * takes O(rows · log senders) time and O(senders) memory beyond the ledger.
 */
public final class DecisionLog {

    /** Most rows written; a longer run's file holds its first rows ({@link Written#truncated()}). */
    public static final int MAX_ROWS = 1_000_000;

    /** The file's header line. */
    public static final String HEADER = "phase,offsetUs,sender,recipient,clientMsgId";

    private static final int OFFSET_BITS = 48;

    /**
     * What was written.
     *
     * @param rows    send actions in the ledger
     * @param written rows in the file
     */
    public record Written(long rows, long written) {
        /** Whether the file stops before the last send action. */
        public boolean truncated() {
            return written < rows;
        }
    }

    private DecisionLog() {
    }

    /** Writes the log of {@code ledger}, whose intended times fall in {@code phases} (index = version). */
    public static Written write(DeliveryLedger ledger, List<LoadPhase> phases, Path file, int maxRows) throws IOException {
        if (maxRows < 0) {
            throw new IllegalArgumentException("maxRows must be >= 0, was " + maxRows);
        }
        long[] starts = phases.stream().mapToLong(LoadPhase::startNanos).toArray();
        PriorityQueue<Cursor> heads = new PriorityQueue<>(Comparator.comparingLong((Cursor c) -> c.key)
                .thenComparingInt(c -> c.sender).thenComparingInt(c -> c.row()));
        long rows = 0;
        for (int s = 0; s < ledger.clients(); s++) {
            SenderLog log = ledger.senderLog(s);
            if (log != null) {
                Cursor c = new Cursor(s, log, starts);
                rows += c.size;
                if (c.advance()) {
                    heads.add(c);
                }
            }
        }
        long written = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write(HEADER);
            out.write('\n');
            StringBuilder line = new StringBuilder(64);
            while (written < maxRows && !heads.isEmpty()) {
                Cursor c = heads.poll();
                int phase = (int) (c.key >>> OFFSET_BITS);
                line.setLength(0);
                line.append(csv(phases.get(phase).name())).append(',').append(c.key & ((1L << OFFSET_BITS) - 1))
                        .append(',').append(c.sender).append(',');
                int target = c.target();
                if (target >= 0) {
                    line.append(target);
                } else {
                    line.append('g').append(-target - 1);
                }
                line.append(',').append(MessageIds.of(c.sender, c.row() + 1)).append('\n');
                out.append(line);
                written++;
                if (c.advance()) {
                    heads.add(c);
                }
            }
        }
        return new Written(rows, written);
    }

    /** A CSV field: quoted when it holds a comma, a quote or a line break. */
    static String csv(String field) {
        if (field.indexOf(',') < 0 && field.indexOf('"') < 0 && field.indexOf('\n') < 0 && field.indexOf('\r') < 0) {
            return field;
        }
        return '"' + field.replace("\"", "\"\"") + '"';
    }

    /** Sort key of an intended time: phase index, then microseconds since that phase's start. */
    static long key(long intendedNanos, long[] phaseStarts) {
        int i = Arrays.binarySearch(phaseStarts, intendedNanos);
        // Several phases may start in the same nanosecond: the last of them is in force.
        if (i >= 0) {
            while (i + 1 < phaseStarts.length && phaseStarts[i + 1] == intendedNanos) {
                i++;
            }
        } else {
            i = -i - 2;
        }
        if (i < 0) {
            throw new IllegalStateException("an action intended before the run's first phase");
        }
        return (long) i << OFFSET_BITS | (intendedNanos - phaseStarts[i]) / 1000;
    }

    /** One sender's rows in key order, read from its log as the merge goes (the clients have stopped). */
    private static final class Cursor {
        final int sender;
        final int size;
        private final SenderLog log;
        private final long[] starts;
        private final int[] order;
        private int next;
        long key;
        private int row;

        Cursor(int sender, SenderLog log, long[] starts) {
            this.sender = sender;
            this.log = log;
            this.starts = starts;
            synchronized (log) {
                size = log.count;
                boolean sorted = true;
                for (int r = 1; r < size && sorted; r++) {
                    sorted = log.intended[r] >= log.intended[r - 1];
                }
                // One device's rows come in intended order; a second device of the same client (kickout) may
                // interleave with the first: only then does this sender need its own order.
                long[] keys = sorted ? null : new long[size];
                for (int r = 0; keys != null && r < size; r++) {
                    keys[r] = key(log.intended[r], starts);
                }
                order = sorted ? null : java.util.stream.IntStream.range(0, size).boxed()
                        .sorted(Comparator.comparingLong((Integer r) -> keys[r]).thenComparingInt(r -> r))
                        .mapToInt(Integer::intValue).toArray();
            }
        }

        boolean advance() {
            if (next >= size) {
                return false;
            }
            row = order == null ? next : order[next];
            next++;
            synchronized (log) {
                key = key(log.intended[row], starts);
            }
            return true;
        }

        int row() {
            return row;
        }

        int target() {
            synchronized (log) {
                return log.target[row];
            }
        }
    }
}
