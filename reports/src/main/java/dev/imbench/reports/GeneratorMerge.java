package dev.imbench.reports;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code generator.json} of simulator shards as one: per phase (by name)
 * the offered and achieved sends and rates added, the schedule lag the worst
 * shard's (a p99 cannot be added, and the worst one is what bounds the run);
 * CPU and GC added, and each shard's own report kept under {@code shards}.
 * Nothing is written when no shard measured its generator.
 */
final class GeneratorMerge {

    private static final ObjectMapper JSON = new ObjectMapper();

    private GeneratorMerge() {
    }

    static void write(List<RunData> shards, Path out) throws IOException {
        Map<String, ObjectNode> phases = new LinkedHashMap<>();
        ObjectNode merged = JSON.createObjectNode();
        ArrayNode each = JSON.createArrayNode();
        long cores = 0;
        ObjectNode cpu = JSON.createObjectNode();
        ObjectNode gc = JSON.createObjectNode();
        for (RunData r : shards) {
            Path f = r.dir().resolve("generator.json");
            if (!Files.exists(f)) {
                continue;
            }
            JsonNode g = JSON.readTree(f.toFile());
            ObjectNode tagged = g.deepCopy();
            tagged.put("shard", r.dir().getFileName().toString());
            each.add(tagged);
            cores += g.path("cores").asLong();
            for (String n : List.of("processCpuMs", "wallMs")) {
                cpu.put(n, cpu.path(n).asLong() + g.path("cpu").path(n).asLong());
            }
            gc.put("collections", gc.path("collections").asLong() + g.path("gc").path("collections").asLong());
            gc.put("pauseMs", gc.path("pauseMs").asLong() + g.path("gc").path("pauseMs").asLong());
            gc.put("maxPauseMs", Math.max(gc.path("maxPauseMs").asLong(), g.path("gc").path("maxPauseMs").asLong()));
            for (JsonNode p : g.path("phases")) {
                ObjectNode m = phases.get(p.path("name").asText());
                if (m == null) {
                    phases.put(p.path("name").asText(), p.deepCopy());
                } else {
                    add(m, p);
                }
            }
        }
        if (each.isEmpty()) {
            return;
        }
        merged.put("cores", cores);
        merged.set("phases", JSON.valueToTree(phases.values()));
        merged.set("cpu", cpu);
        merged.set("gc", gc);
        merged.set("shards", each);
        JSON.writerWithDefaultPrettyPrinter().writeValue(out.resolve("generator.json").toFile(), merged);
    }

    private static void add(ObjectNode m, JsonNode p) {
        m.put("offered", m.path("offered").asLong() + p.path("offered").asLong());
        m.put("achieved", m.path("achieved").asLong() + p.path("achieved").asLong());
        m.put("offeredPerSec", m.path("offeredPerSec").asDouble() + p.path("offeredPerSec").asDouble());
        m.put("achievedPerSec", m.path("achievedPerSec").asDouble() + p.path("achievedPerSec").asDouble());
        ObjectNode lag = m.get("lag") instanceof ObjectNode l ? l : m.putObject("lag");
        JsonNode other = p.path("lag");
        lag.put("count", lag.path("count").asLong() + other.path("count").asLong());
        for (String q : List.of("p50", "p99", "max")) {
            lag.put(q, Math.max(lag.path(q).asDouble(), other.path(q).asDouble()));
        }
    }
}
