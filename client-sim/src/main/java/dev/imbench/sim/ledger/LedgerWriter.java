package dev.imbench.sim.ledger;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a shard's ledger file ({@code ledger.bin}, format in docs/run-directory.md): a header, the run's
 * groups (members and server ids, the same in every shard's file), every message attempt of the shard's
 * clients with its intended, sent and acked times, and every arrival its clients saw, in order. Times are nanoseconds since the shard's run start; the header says when that was
 * on the shard's wall clock, so that the merge can put all shards on the server's clock.
 */
public final class LedgerWriter {

    /** The file name in a run directory. */
    public static final String FILE = "ledger.bin";
    /** The first eight bytes of the file. */
    static final byte[] MAGIC = "IMBLEDG1".getBytes(StandardCharsets.US_ASCII);
    /** The format version in the header. */
    public static final int FORMAT = 2;
    /** A time that never happened (not sent, not acked). */
    public static final long NEVER = Long.MIN_VALUE;

    private static final ObjectMapper JSON = new ObjectMapper();

    private LedgerWriter() {
    }

    /**
     * Writes the ledger of a shard; call when no client records any more.
     *
     * @param header what the caller adds to the header (scenario, seed, agreed start, clock offset, ...)
     * @return how many attempts and arrivals were written
     */
    public static long[] write(DeliveryLedger ledger, Path file, Map<String, Object> header) throws IOException {
        ArrivalLog arrivals = ledger.arrivals();
        if (arrivals == null) {
            throw new IllegalStateException("the ledger of a whole run keeps no arrival log; a ledger file is for shards");
        }
        long origin = ledger.originNanos();
        Instant wall = Instant.now();
        long mono = System.nanoTime();
        long originEpochNanos = wall.getEpochSecond() * 1_000_000_000L + wall.getNano() - (mono - origin);
        long attempts = 0;
        for (int s = 0; s < ledger.clients(); s++) {
            SenderLog log = ledger.senderLog(s);
            attempts += log == null ? 0 : log.size();
        }
        Map<String, Object> h = new LinkedHashMap<>(header);
        h.put("format", FORMAT);
        h.put("shardIndex", ledger.shard().index());
        h.put("shardCount", ledger.shard().count());
        h.put("clients", ledger.clients());
        h.put("originEpochNanos", originEpochNanos);
        GroupDirectory groups = ledger.groups();
        h.put("groups", groups.size());
        h.put("attempts", attempts);
        h.put("arrivals", (long) arrivals.size());
        byte[] head = JSON.writeValueAsBytes(h);
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
            out.write(MAGIC);
            out.writeInt(head.length);
            out.write(head);
            out.writeInt(groups.size());
            for (int g = 0; g < groups.size(); g++) {
                int[] members = groups.members(g);
                out.writeLong(groups.serverId(g));
                out.writeInt(members.length);
                for (int m : members) {
                    out.writeInt(m);
                }
            }
            out.writeLong(attempts);
            for (int s = 0; s < ledger.clients(); s++) {
                SenderLog log = ledger.senderLog(s);
                if (log == null) {
                    continue;
                }
                synchronized (log) {
                    for (int row = 0; row < log.count; row++) {
                        out.writeInt(s);
                        out.writeInt(row + 1);
                        out.writeInt(log.target[row]);
                        out.writeLong(log.intended[row] - origin);
                        out.writeLong(log.sent[row] == 0 ? NEVER : log.sent[row] - origin);
                        out.writeLong(log.acked[row] == 0 ? NEVER : log.acked[row] - origin);
                    }
                }
            }
            out.writeLong(arrivals.size());
            arrivals.forEach((to, id, msgid, pull, at) -> {
                out.writeInt(to);
                out.writeLong(id);
                out.writeLong(msgid);
                out.writeByte(pull ? 1 : 0);
                out.writeLong(at - origin);
            });
        }
        Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        return new long[] {attempts, arrivals.size()};
    }
}
