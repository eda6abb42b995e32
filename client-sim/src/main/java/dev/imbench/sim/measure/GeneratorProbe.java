package dev.imbench.sim.measure;

import com.sun.management.GarbageCollectionNotificationInfo;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;
import javax.management.ListenerNotFoundException;
import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.NotificationListener;
import javax.management.openmbean.CompositeData;

/**
 * The simulator's own resources over a run: process CPU time (whole JVM, so an
 * in-process server counts too), CPU time of the busiest platform threads
 * (virtual clients run on the carrier threads {@code ForkJoinPool-…-worker-N}),
 * GC pauses from the collectors' notifications, and the load average at both
 * ends. Started with the run's clock; {@link #finish} writes the numbers once.
 */
public final class GeneratorProbe implements NotificationListener {

    private static final int TOP_THREADS = 5;

    private final com.sun.management.OperatingSystemMXBean os;
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final long startCpuNanos;
    private final long startWallNanos;
    private final double loadStart;
    private final Map<Long, Long> threadCpuAtStart = new HashMap<>();
    private final List<NotificationEmitter> emitters = new ArrayList<>();
    private final LongAdder pauses = new LongAdder();
    private final LongAdder pauseMs = new LongAdder();
    private final AtomicLong maxPauseMs = new AtomicLong();
    private Map<String, Object> result;

    /** Starts observing now. */
    public GeneratorProbe() {
        this.os = ManagementFactory.getPlatformMXBean(com.sun.management.OperatingSystemMXBean.class);
        this.startCpuNanos = os == null ? 0 : os.getProcessCpuTime();
        this.startWallNanos = System.nanoTime();
        this.loadStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        if (threads.isThreadCpuTimeSupported()) {
            if (!threads.isThreadCpuTimeEnabled()) {
                threads.setThreadCpuTimeEnabled(true);
            }
            for (long id : threads.getAllThreadIds()) {
                long cpu = threads.getThreadCpuTime(id);
                if (cpu >= 0) {
                    threadCpuAtStart.put(id, cpu);
                }
            }
        }
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            // "ZGC Cycles" / "Shenandoah Cycles" report concurrent cycles, not pauses.
            if (gc instanceof NotificationEmitter e && !gc.getName().endsWith("Cycles")) {
                e.addNotificationListener(this, null, null);
                emitters.add(e);
            }
        }
    }

    @Override
    public void handleNotification(Notification n, Object handback) {
        if (!GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
            return;
        }
        long ms = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo().getDuration();
        pauses.increment();
        pauseMs.add(ms);
        maxPauseMs.accumulateAndGet(ms, Math::max);
    }

    /** Pauses seen so far. */
    public long gcPauses() {
        return pauses.sum();
    }

    /**
     * Stops observing (idempotent) and returns the {@code cpu}, {@code gc},
     * {@code cores} and {@code loadAverage} parts of {@code generator.json}.
     */
    public synchronized Map<String, Object> finish() {
        if (result != null) {
            return result;
        }
        for (NotificationEmitter e : emitters) {
            try {
                e.removeNotificationListener(this);
            } catch (ListenerNotFoundException ignored) {
                // already gone
            }
        }
        int cores = Runtime.getRuntime().availableProcessors();
        long wallMs = Math.max(1, (System.nanoTime() - startWallNanos) / 1_000_000);
        long cpuMs = os == null ? 0 : Math.max(0, (os.getProcessCpuTime() - startCpuNanos) / 1_000_000);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("cores", cores);
        Map<String, Object> load = new LinkedHashMap<>();
        load.put("start", round(loadStart));
        load.put("end", round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage()));
        m.put("loadAverage", load);
        Map<String, Object> cpu = new LinkedHashMap<>();
        cpu.put("processCpuMs", cpuMs);
        cpu.put("wallMs", wallMs);
        cpu.put("fractionOfMachine", round((double) cpuMs / ((double) wallMs * cores)));
        cpu.put("threads", topThreads());
        m.put("cpu", cpu);
        Map<String, Object> gc = new LinkedHashMap<>();
        gc.put("collections", pauses.sum());
        gc.put("pauseMs", pauseMs.sum());
        gc.put("maxPauseMs", maxPauseMs.get());
        m.put("gc", gc);
        result = m;
        return m;
    }

    private List<Map<String, Object>> topThreads() {
        if (!threads.isThreadCpuTimeSupported()) {
            return List.of();
        }
        record Used(String name, long cpuMs) {
        }
        List<Used> used = new ArrayList<>();
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(t.getThreadId());
            if (cpu >= 0) {
                used.add(new Used(t.getThreadName(), (cpu - threadCpuAtStart.getOrDefault(t.getThreadId(), 0L)) / 1_000_000));
            }
        }
        used.sort((a, b) -> Long.compare(b.cpuMs(), a.cpuMs()));
        List<Map<String, Object>> out = new ArrayList<>();
        for (Used u : used.subList(0, Math.min(TOP_THREADS, used.size()))) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("name", u.name());
            t.put("cpuMs", u.cpuMs());
            out.add(t);
        }
        return out;
    }

    private static double round(double v) {
        return v < 0 ? -1 : Math.round(v * 1000.0) / 1000.0;
    }
}
