package dev.imbench.reports;

import static org.junit.jupiter.api.Assertions.*;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PromTextTest {

    private static final String TWO_NODES = """
            # imbench node gate-1 (gate)
            # HELP imbench_backpressure_events_total \s
            # TYPE imbench_backpressure_events_total counter
            imbench_backpressure_events_total{gate="gate-1"} 37.0
            imbench_frames_in_total{cmd="C2C_SEND_REQ",note="say \\"hi\\""} 12 1795900000000
            # imbench node logic-1 (logic)
            imbench_fanout_queue_depth 12.0
            imbench_store_latency_seconds_count 100
            imbench_store_latency_seconds_sum 0.25
            imbench_store_latency_seconds_max 0.0149
            imbench_store_latency_seconds_bucket{le="0.001"} 60
            imbench_store_latency_seconds_bucket{le="0.002"} 99
            imbench_store_latency_seconds_bucket{le="0.05"} 100
            imbench_store_latency_seconds_bucket{le="+Inf"} 100
            imbench_routing_failures_total 2.0
            """;

    @Test
    void shouldReadSamplesLabelsAndTheNodeTheyBelongTo() {
        PromText.Parsed p = PromText.parse(TWO_NODES, "server-metrics.prom");
        assertEquals(List.of(), p.problems());
        PromText.Sample bp = p.samples().get(0);
        assertEquals(new PromText.Sample("gate-1", "gate", "imbench_backpressure_events_total", Map.of("gate", "gate-1"), 37.0), bp);
        PromText.Sample frames = p.samples().get(1);
        assertEquals("say \"hi\"", frames.labels().get("note"), "escaped quotes inside a label");
        assertEquals(12.0, frames.value(), "a trailing timestamp is not the value");
        assertEquals("logic-1", p.samples().get(2).node());
        assertEquals("+Inf", p.samples().get(9).labels().get("le"));
    }

    @Test
    void shouldNameEachLineThatIsNotASample() {
        PromText.Parsed p = PromText.parse("imbench_ok 1\nimbench_bad{gate=\"g\" 2\nimbench_nan NaN\nnot a number here\n", "server-metrics.prom");
        assertEquals(List.of("server-metrics.prom:2 is not a Prometheus sample; skipped", "server-metrics.prom:4 is not a Prometheus sample; skipped"),
                p.problems());
        assertEquals(2, p.samples().size());
        assertTrue(Double.isNaN(p.samples().get(1).value()));
        assertEquals("server", p.samples().get(0).node(), "samples before any node line belong to the server");
    }

    @Test
    void shouldSummariseHistogramsQueuesAndFailuresPerNode() {
        JsonNode view = ServerMetricsView.of(PromText.parse(TWO_NODES, "server-metrics.prom").samples());
        JsonNode logic = view.at("/nodes/1");
        assertEquals("logic-1", logic.get("node").asText());
        JsonNode store = logic.at("/timers/0");
        assertEquals("store latency", store.get("name").asText());
        assertEquals(100, store.get("count").asLong());
        assertEquals(2.5, store.get("mean").asDouble(), 1e-9, "sum / count, in ms");
        assertEquals(1.0, store.get("p50").asDouble(), 1e-9, "the 50th sample lies in the first bucket (≤ 1 ms)");
        assertEquals(2.0, store.get("p99").asDouble(), 1e-9, "the 99th sample lies in the (1 ms, 2 ms] bucket");
        assertEquals(14.9, store.get("max").asDouble(), 1e-9);
        assertEquals("fanout queue depth", logic.at("/queues/0/name").asText());
        assertEquals(12, logic.at("/queues/0/value").asInt());
        assertEquals("routing failures", logic.at("/failures/0/name").asText());
        assertEquals(1, logic.get("timers").size(), "bucket, count, sum and max are one histogram, not four rows");
        assertEquals("backpressure events", view.at("/nodes/0/queues/0/name").asText());
    }

    @Test
    void shouldBoundAQuantileByTheMaxSeen() {
        List<double[]> buckets = List.of(new double[] {0.001, 100}, new double[] {Double.POSITIVE_INFINITY, 100});
        assertEquals(0.00007, ServerMetricsView.quantile(buckets, 0.99, 100, 0.00007), 1e-12, "never above the largest sample");
        assertEquals(0.001, ServerMetricsView.quantile(buckets, 0.99, 100, Double.NaN), 1e-12, "the bucket's upper edge without a max");
    }
}
