package dev.imbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.imbench.sim.load.ShardPlan;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * docker/compose.yaml as Docker Compose itself resolves it ({@code docker-compose config}, Debian's
 * package; scripts/ensure-debian-package.sh installs it): it is valid, it refuses to start without a
 * run name, it runs the real Toxiproxy image, its shards are every index of one count, every imbench
 * command parses with the CLI, and the merge waits for every shard.
 */
class ComposeFileTest {

    private static String config(Map<String, String> env, int[] exit) throws IOException, InterruptedException {
        ProcessBuilder pb;
        try {
            pb = new ProcessBuilder("docker-compose", "-f", DeploymentFiles.dockerDir().resolve("compose.yaml").toString(),
                    "config").redirectErrorStream(true);
            pb.environment().remove("IMBENCH_RUN");
            pb.environment().putAll(env);
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            exit[0] = p.exitValue();
            return out;
        } catch (IOException e) {
            if ("true".equals(System.getenv("CI"))) {
                fail("CI=true but docker-compose cannot run (scripts/ensure-debian-package.sh installs it): " + e.getMessage());
            }
            Assumptions.abort("docker-compose is not installed (scripts/ensure-debian-package.sh docker-compose docker-compose …): compose file check skipped");
            return null;
        }
    }

    @Test
    void shouldResolveToFourShardsTwoGatesTwoLogicNodesAndOneMerge() throws Exception {
        int[] exit = new int[1];
        String refused = config(Map.of(), exit);
        assertTrue(exit[0] != 0 && refused.contains("IMBENCH_RUN"), "without a run name compose refuses: " + refused);

        String out = config(Map.of("IMBENCH_RUN", "run-7"), exit);
        assertEquals(0, exit[0], out);
        @SuppressWarnings("unchecked")
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) new Yaml().<Map<String, Object>>load(out)
                .get("services");
        assertEquals("ghcr.io/shopify/toxiproxy", String.valueOf(services.get("toxiproxy").get("image")).split(":")[0]);
        TreeMap<Integer, ShardPlan> shards = new TreeMap<>();
        List<String> roles = new ArrayList<>();
        for (var e : services.entrySet()) {
            Object command = e.getValue().get("command");
            if (!"imbench:dev".equals(e.getValue().get("image"))) {
                continue;
            }
            List<String> args = command == null ? mergeArgs(e.getValue()) : DeploymentFiles.words(String.valueOf(command),
                    Map.of());
            CommandLine.ParseResult r = DeploymentFiles.parse(args);
            switch (r.commandSpec().name()) {
                case "server" -> {
                    Map<String, String> s = DeploymentFiles.serverSettings(r);
                    String role = r.matchedOptionValue("--role", "");
                    roles.add(role);
                    if (role.equals("gate")) {
                        assertEquals(e.getKey(), s.get("advertiseHost"), "a gate names its compose host in /iplist");
                        for (String link : s.get("logicNodes").split(",")) {
                            assertTrue(services.containsKey(link.split(":")[0]), link);
                        }
                    }
                }
                case "run" -> {
                    ShardPlan p = ShardPlan.parse(r.matchedOptionValue("--shard", ""));
                    assertEquals(null, shards.put(p.index(), p), "one service per index: " + e.getKey());
                    assertTrue(r.matchedOptionValue("--start-barrier", "").endsWith("/run-7"));
                    assertTrue(r.matchedOptionValue("--out", java.nio.file.Path.of("")).toString().startsWith("/results/run-7/"));
                }
                case "report" -> assertTrue(r.hasMatchedOption("--merge"));
                default -> fail("an imbench command compose should not run: " + args);
            }
        }
        assertEquals(List.of(0, 1, 2, 3), List.copyOf(shards.keySet()));
        assertTrue(shards.values().stream().allMatch(p -> p.count() == 4), shards.toString());
        assertEquals(List.of("gate", "gate", "logic", "logic"), roles.stream().sorted().toList());
        @SuppressWarnings("unchecked")
        Map<String, Map<String, String>> waits = (Map<String, Map<String, String>>) services.get("merge").get("depends_on");
        for (int i = 0; i < 4; i++) {
            assertEquals("service_completed_successfully", waits.get("shard-" + i).get("condition"));
        }
    }

    /** The merge service's {@code sh -c} script, as its shell would run it. */
    @SuppressWarnings("unchecked")
    private static List<String> mergeArgs(Map<String, Object> service) {
        List<String> entry = (List<String>) service.get("entrypoint");
        Map<String, String> env = new HashMap<>((Map<String, String>) service.get("environment"));
        List<String> w = DeploymentFiles.words(entry.get(2).replace("$$", "$"), env);
        assertEquals("imbench", w.get(0));
        return w.subList(1, w.size());
    }
}
