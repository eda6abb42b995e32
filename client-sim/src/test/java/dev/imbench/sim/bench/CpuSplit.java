package dev.imbench.sim.bench;

import com.sun.management.OperatingSystemMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.HashMap;
import java.util.Map;

/**
 * CPU time of one JVM holding the simulator and the server, split by who spent it over a window:
 * the server (its threads are named {@code imbench-…}), the simulator (virtual-thread carriers, the
 * client transport's event loops, its ticker) and the rest (GC, JIT, process total minus the two).
 * Virtual threads of the server (its HTTP workers) would count as the simulator's: benchmarks that
 * use this split run none.
 */
final class CpuSplit {

    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private final Map<Long, Long> start = new HashMap<>();
    private final long processStart;

    /** Starts the window now. */
    CpuSplit() {
        threads.setThreadCpuTimeEnabled(true);
        for (long id : threads.getAllThreadIds()) {
            start.put(id, Math.max(0, threads.getThreadCpuTime(id)));
        }
        processStart = os.getProcessCpuTime();
    }

    /** CPU ms of the window so far: {@code [server, simulator, other, process]}. */
    long[] millis() {
        long server = 0;
        long sim = 0;
        for (ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t == null) {
                continue;
            }
            long cpu = threads.getThreadCpuTime(t.getThreadId());
            if (cpu < 0) {
                continue;
            }
            long used = cpu - start.getOrDefault(t.getThreadId(), 0L);
            String n = t.getThreadName();
            if (n.startsWith("imbench-")) {
                server += used;
            } else if (n.startsWith("ForkJoinPool") || n.startsWith("multiThreadIoEventLoopGroup") || n.startsWith("sim-")) {
                sim += used;
            }
        }
        long process = os.getProcessCpuTime() - processStart;
        return new long[] {server / 1_000_000, sim / 1_000_000, Math.max(0, process - server - sim) / 1_000_000,
                process / 1_000_000};
    }
}
