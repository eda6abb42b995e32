package dev.imbench.runner;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The run's {@code events.jsonl}: phases, faults, kills and the drain, one JSON
 * object per line with its time in milliseconds since the run started.
 * Thread-safe; each line is flushed as it is written, so a crashed run keeps
 * what happened up to the crash.
 */
public final class EventLog implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final BufferedWriter out;
    private volatile long startNanos;
    private final java.util.concurrent.atomic.AtomicInteger faults = new java.util.concurrent.atomic.AtomicInteger();

    /** Opens {@code events.jsonl} in {@code dir}; times count from {@code startNanos} (System.nanoTime). */
    public EventLog(Path file, long startNanos) {
        try {
            this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        this.startNanos = startNanos;
    }

    /**
     * Moves the origin of the run's clock, so that events line up with the
     * simulator's files (whose clock starts when the simulation is created).
     */
    public void rebase(long newStartNanos) {
        this.startNanos = newStartNanos;
    }

    /** Milliseconds since the run started. */
    public long now() {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }

    /** Records an event happening now; returns its time (run-relative ms). */
    public long add(String type, String name, String detail) {
        return write(now(), type, name, detail, -1);
    }

    /** Records an event happening now that lasts until {@code endMs} (run-relative); returns its time. */
    public long addLasting(String type, String name, String detail, long endMs) {
        return write(now(), type, name, detail, endMs);
    }

    /** How many fault or kill events were written so far (for the progress line). */
    public int faultsApplied() {
        return faults.get();
    }

    private synchronized long write(long t, String type, String name, String detail, long end) {
        if (type.equals("fault") || type.equals("kill")) {
            faults.incrementAndGet();
        }
        ObjectNode n = JSON.createObjectNode();
        n.put("t", t).put("type", type).put("name", name).put("detail", detail);
        if (end >= 0) {
            n.put("end", end);
        }
        try {
            out.write(n.toString());
            out.newLine();
            out.flush();
        } catch (IOException e) {
            throw new UncheckedIOException("writing events.jsonl", e);
        }
        return t;
    }

    @Override
    public synchronized void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
