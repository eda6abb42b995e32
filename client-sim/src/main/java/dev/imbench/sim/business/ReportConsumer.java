package dev.imbench.sim.business;

import dev.imbench.sim.measure.Metric;
import dev.imbench.sim.measure.RunMeasurements;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * The business server's consumer of a run: reads the c2s business line through the
 * {@link BusinessApi} (the Redis Stream or the memory queue behind it), hands each report to the
 * ledger and records its latency from the client's intended send to this read ({@link Metric#C2S}).
 * It polls again at once after a full batch and after {@link #IDLE_PAUSE_NANOS} after an empty one.
 */
public final class ReportConsumer implements AutoCloseable {

    /** Reports taken per poll. */
    public static final int BATCH = 512;
    /** The pause after an empty poll (bounds the latency the consumer adds). */
    public static final long IDLE_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long ERROR_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(100);

    private final BusinessApi api;
    private final String business;
    private final BusinessLedger ledger;
    private final RunMeasurements measurements;
    private final Thread thread;
    private final LongAdder pollErrors = new LongAdder();
    private volatile boolean stopped;
    private volatile long lastEmptyPollStart;
    private volatile String lastError;

    /** A consumer of {@code business}, started at once. */
    public ReportConsumer(BusinessApi api, String business, BusinessLedger ledger, RunMeasurements measurements) {
        this.api = api;
        this.business = business;
        this.ledger = ledger;
        this.measurements = measurements;
        this.thread = Thread.ofVirtual().name("c2s-consumer").start(this::loop);
    }

    private void loop() {
        while (!stopped) {
            long start = System.nanoTime();
            List<BusinessApi.Report> batch;
            try {
                batch = api.poll(business, BATCH);
            } catch (IOException | RuntimeException e) {
                pollErrors.increment();
                lastError = e.getMessage();
                LockSupport.parkNanos(ERROR_PAUSE_NANOS);
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            long now = System.nanoTime();
            for (BusinessApi.Report r : batch) {
                long intended = ledger.consumed(r.from(), r.clientMsgId(), now);
                if (intended > 0) {
                    measurements.record(Metric.C2S, -1, intended, intended, now);
                }
            }
            if (batch.isEmpty()) {
                lastEmptyPollStart = start;
                LockSupport.parkNanos(IDLE_PAUSE_NANOS);
            }
        }
    }

    /**
     * Waits until a poll that started after {@code sinceNanos} found the line empty (every report queued
     * before then was read); false at the deadline.
     */
    public boolean awaitEmptySince(long sinceNanos, long deadlineNanos) throws InterruptedException {
        while (lastEmptyPollStart <= sinceNanos) {
            if (System.nanoTime() >= deadlineNanos) {
                return false;
            }
            TimeUnit.MILLISECONDS.sleep(5);
        }
        return true;
    }

    /** Polls that failed. */
    public long pollErrors() {
        return pollErrors.sum();
    }

    /** The last poll failure's message, or null. */
    public String lastError() {
        return lastError;
    }

    /** Stops polling and waits for the consumer's thread. */
    @Override
    public void close() {
        stopped = true;
        FlowRows.stopAndJoin(thread);
    }
}
