package dev.imbench.sim.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads a ledger file written by {@link LedgerWriter}: {@link #header()} and {@link #groups()} when opened,
 * then {@link #attempts} and {@link #arrivals}, once each and in that order (the file is streamed, never
 * held whole).
 */
public final class LedgerReader implements AutoCloseable {

    /** Header larger than this is refused (a damaged or foreign file). */
    static final int MAX_HEADER = 1 << 20;
    /** More groups than this are refused (a damaged or foreign file). */
    static final int MAX_GROUPS = 1 << 24;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final DataInputStream in;
    private final JsonNode header;
    private final GroupDirectory groups;
    private int section;

    private LedgerReader(Path file, DataInputStream in, JsonNode header, GroupDirectory groups) {
        this.file = file;
        this.in = in;
        this.header = header;
        this.groups = groups;
    }

    /**
     * Opens a ledger file and reads its header.
     *
     * @throws IOException when the file is not a ledger file of a format this build reads, with why
     */
    public static LedgerReader open(Path file) throws IOException {
        DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
        try {
            byte[] magic = new byte[LedgerWriter.MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, LedgerWriter.MAGIC)) {
                throw new IOException(file + " is not an imbench ledger file (its first bytes are not IMBLEDG1)");
            }
            int len = in.readInt();
            if (len < 2 || len > MAX_HEADER) {
                throw new IOException(file + " has a header of " + len + " bytes; a ledger header is 2.." + MAX_HEADER);
            }
            byte[] head = new byte[len];
            in.readFully(head);
            JsonNode header = JSON.readTree(head);
            if (header.path("format").asInt() != LedgerWriter.FORMAT) {
                throw new IOException(file + " is ledger format " + header.path("format") + "; this build reads format "
                        + LedgerWriter.FORMAT);
            }
            return new LedgerReader(file, in, header, readGroups(file, in, header));
        } catch (EOFException e) {
            in.close();
            throw new IOException(file + " ends inside its header or groups (a truncated ledger file)", e);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** The header: format, shardIndex, shardCount, clients, originEpochNanos, attempts, arrivals, and the caller's fields. */
    public JsonNode header() {
        return header;
    }

    /** The groups: sizes are checked against the header before anything is allocated. */
    private static GroupDirectory readGroups(Path file, DataInputStream in, JsonNode header) throws IOException {
        int n = in.readInt();
        int clients = header.path("clients").asInt(-1);
        if (n != header.path("groups").asInt(-1) || n < 0 || n > MAX_GROUPS) {
            throw new IOException(file + " holds " + n + " groups but its header says " + header.path("groups")
                    + " (at most " + MAX_GROUPS + ")");
        }
        List<int[]> members = new ArrayList<>(n);
        long[] serverIds = new long[n];
        for (int g = 0; g < n; g++) {
            serverIds[g] = in.readLong();
            int size = in.readInt();
            if (size < 0 || size > clients) {
                throw new IOException(file + ": group " + g + " has " + size + " members in a run of " + clients + " clients");
            }
            int[] m = new int[size];
            for (int i = 0; i < size; i++) {
                m[i] = in.readInt();
                if (m[i] < 0 || m[i] >= clients) {
                    throw new IOException(file + ": group " + g + " lists client " + m[i] + " in a run of " + clients
                            + " clients");
                }
            }
            members.add(m);
        }
        GroupDirectory d;
        try {
            d = new GroupDirectory(members);
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
        for (int g = 0; g < n; g++) {
            d.bind(g, serverIds[g]);
        }
        return d;
    }

    /** The run's groups with their server ids (the same in every shard's file of one run). */
    public GroupDirectory groups() {
        return groups;
    }

    /** Hands every attempt to {@code sink}, in sender order and, per sender, counter order. */
    public void attempts(AttemptSink sink) throws IOException {
        next(1);
        long n = count("attempts");
        try {
            for (long i = 0; i < n; i++) {
                sink.accept(in.readInt(), in.readInt(), in.readInt(), in.readLong(), in.readLong(), in.readLong());
            }
        } catch (EOFException e) {
            throw new IOException(file + " ends inside its attempts (a truncated ledger file)", e);
        }
    }

    /** Hands every arrival to {@code sink}, in the order the shard recorded them. */
    public void arrivals(ArrivalSink sink) throws IOException {
        next(2);
        long n = count("arrivals");
        try {
            for (long i = 0; i < n; i++) {
                sink.accept(in.readInt(), in.readLong(), in.readLong(), in.readByte() != 0, in.readLong());
            }
        } catch (EOFException e) {
            throw new IOException(file + " ends inside its arrivals (a truncated ledger file)", e);
        }
    }

    private void next(int s) {
        if (section != s - 1) {
            throw new IllegalStateException("read the header, the attempts, then the arrivals, once each");
        }
        section = s;
    }

    private long count(String what) throws IOException {
        long n = in.readLong();
        if (n != header.path(what).asLong(-1)) {
            throw new IOException(file + " holds " + n + " " + what + " but its header says " + header.path(what));
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    /** One attempt: times in ns since the shard's start, {@link LedgerWriter#NEVER} when it did not happen. */
    @FunctionalInterface
    public interface AttemptSink {
        void accept(int sender, int counter, int target, long intended, long sent, long acked) throws IOException;
    }

    /** One arrival: its time in ns since the shard's start. */
    @FunctionalInterface
    public interface ArrivalSink {
        void accept(int recipient, long clientMsgId, long serverMsgid, boolean viaPull, long at) throws IOException;
    }
}
