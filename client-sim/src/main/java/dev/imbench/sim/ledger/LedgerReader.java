package dev.imbench.sim.ledger;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Reads a ledger file written by {@link LedgerWriter}: {@link #header()} first, then {@link #attempts}
 * and {@link #arrivals}, once each and in that order (the file is streamed, never held whole).
 */
public final class LedgerReader implements AutoCloseable {

    /** Header larger than this is refused (a damaged or foreign file). */
    static final int MAX_HEADER = 1 << 20;

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Path file;
    private final DataInputStream in;
    private final JsonNode header;
    private int section;

    private LedgerReader(Path file, DataInputStream in, JsonNode header) {
        this.file = file;
        this.in = in;
        this.header = header;
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
            return new LedgerReader(file, in, header);
        } catch (EOFException e) {
            in.close();
            throw new IOException(file + " ends inside its header (a truncated ledger file)", e);
        } catch (IOException | RuntimeException e) {
            in.close();
            throw e;
        }
    }

    /** The header: format, shardIndex, shardCount, clients, originEpochNanos, attempts, arrivals, and the caller's fields. */
    public JsonNode header() {
        return header;
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
