package dev.imbench.sim.measure;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The simulator's own CPU and GC numbers come from the JVM, not from guesses. */
class GeneratorProbeTest {

    @Test
    @SuppressWarnings("unchecked")
    void shouldCountAForcedCollectionAndTheCpuOfABusyThread() throws Exception {
        GeneratorProbe probe = new GeneratorProbe();
        Thread busy = Thread.ofPlatform().name("probe-test-spinner").start(() -> {
            // 300 ms of this thread's own CPU time, however busy the machine is.
            var mx = java.lang.management.ManagementFactory.getThreadMXBean();
            long until = mx.getCurrentThreadCpuTime() + 300_000_000L;
            double x = 0;
            while (mx.getCurrentThreadCpuTime() < until) {
                x += Math.sqrt(x + 1);
            }
            assertTrue(x > 0);
        });
        busy.join();
        System.gc();
        await().atMost(Duration.ofSeconds(5)).until(() -> probe.gcPauses() >= 1);
        Map<String, Object> m = probe.finish();

        Map<String, Object> gc = (Map<String, Object>) m.get("gc");
        assertTrue((Long) gc.get("collections") >= 1, gc.toString());
        assertTrue((Long) gc.get("pauseMs") >= (Long) gc.get("maxPauseMs"), gc.toString());
        Map<String, Object> cpu = (Map<String, Object>) m.get("cpu");
        assertTrue((Long) cpu.get("processCpuMs") >= 300, "the spinner's 300 ms count: " + cpu);
        assertTrue((Long) cpu.get("wallMs") >= 300);
        List<Map<String, Object>> threads = (List<Map<String, Object>>) cpu.get("threads");
        assertTrue(threads.size() <= 5 && !threads.isEmpty());
        assertEquals(Runtime.getRuntime().availableProcessors(), m.get("cores"));
        assertTrue(((Map<String, Object>) m.get("loadAverage")).containsKey("end"));
        assertEquals(m, probe.finish(), "finish is idempotent: the numbers are taken once");
    }
}
