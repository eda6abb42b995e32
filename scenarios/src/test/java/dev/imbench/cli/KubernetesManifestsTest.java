package dev.imbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imbench.runner.ShardSync;
import dev.imbench.sim.load.ShardPlan;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;
import picocli.CommandLine;

/**
 * docker/k8s/ loaded into fabric8's typed Kubernetes models: the Indexed Job turns each pod's
 * JOB_COMPLETION_INDEX into a distinct {@code --shard i/n} with n = completions = parallelism, every
 * command is one the CLI accepts (server settings included), the gates list every logic node of the
 * StatefulSet, and every name a command reaches (gate, redis, mariadb, the results volume) exists.
 */
class KubernetesManifestsTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, Class<? extends HasMetadata>> KINDS = Map.of("Namespace", Namespace.class,
            "ConfigMap", ConfigMap.class, "PersistentVolumeClaim", PersistentVolumeClaim.class,
            "Deployment", Deployment.class, "StatefulSet", StatefulSet.class, "Service", Service.class, "Job", Job.class);
    private static final List<HasMetadata> OBJECTS = new ArrayList<>();

    @BeforeAll
    static void load() throws IOException {
        try (Stream<Path> files = Files.list(DeploymentFiles.dockerDir().resolve("k8s"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".yaml")).sorted().toList()) {
                for (Object doc : new Yaml().loadAll(Files.readString(f))) {
                    @SuppressWarnings("unchecked")
                    Map<String, Object> m = (Map<String, Object>) doc;
                    Class<? extends HasMetadata> type = KINDS.get(String.valueOf(m.get("kind")));
                    assertNotNull(type, f + ": a kind this test does not know: " + m.get("kind"));
                    HasMetadata o = JSON.convertValue(m, type);
                    assertEquals("imbench", o instanceof Namespace ? "imbench" : o.getMetadata().getNamespace(), f.toString());
                    Object unknown = additional(o);
                    assertTrue(unknown instanceof Map<?, ?> u && u.isEmpty(), f + ": fields the model does not know: " + unknown);
                    OBJECTS.add(o);
                }
            }
        }
    }

    private static Object additional(HasMetadata o) {
        try {
            return o.getClass().getMethod("getAdditionalProperties").invoke(o);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError(e);
        }
    }

    private static <T extends HasMetadata> T one(Class<T> type, String name) {
        return OBJECTS.stream().filter(type::isInstance).map(type::cast)
                .filter(o -> o.getMetadata().getName().equals(name)).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type.getSimpleName() + " " + name));
    }

    private static Map<String, String> env(Container c, Map<String, String> fieldValues) {
        Map<String, String> env = new HashMap<>();
        for (EnvVar e : c.getEnv()) {
            if (e.getValue() != null) {
                env.put(e.getName(), e.getValue());
            } else if (e.getValueFrom().getConfigMapKeyRef() != null) {
                var ref = e.getValueFrom().getConfigMapKeyRef();
                env.put(e.getName(), one(ConfigMap.class, ref.getName()).getData().get(ref.getKey()));
            } else {
                String path = e.getValueFrom().getFieldRef().getFieldPath();
                assertTrue(fieldValues.containsKey(path), "an env var from a field this test does not expect: " + path);
                env.put(e.getName(), fieldValues.get(path));
            }
        }
        return env;
    }

    /** The first command of a {@code sh -c} script, or the container's args, as the shell or Kubernetes expands them. */
    private static List<String> command(Container c, Map<String, String> env) {
        if (!c.getCommand().isEmpty()) {
            assertEquals(List.of("sh", "-c"), c.getCommand());
            String script = c.getArgs().get(0);
            List<String> w = DeploymentFiles.words(script.split(";")[0], env);
            assertEquals("imbench", w.get(0), script);
            return w.subList(1, w.size());
        }
        List<String> out = new ArrayList<>();
        for (String a : c.getArgs()) {
            out.add(String.join(" ", DeploymentFiles.words(a, env)));
        }
        return out;
    }

    @Test
    void shouldGiveEveryShardPodItsOwnIndexOfTheSameCount() {
        Job job = one(Job.class, "imbench-shards");
        assertEquals("Indexed", job.getSpec().getCompletionMode());
        int n = job.getSpec().getCompletions();
        assertEquals(n, job.getSpec().getParallelism(), "every shard runs at once: they meet at the start barrier");
        assertEquals(0, job.getSpec().getBackoffLimit(), "a retried pod would bring a second shard of one index");
        PodSpec pod = job.getSpec().getTemplate().getSpec();
        assertEquals("Never", pod.getRestartPolicy());
        Container c = pod.getContainers().get(0);
        Set<ShardPlan> plans = new HashSet<>();
        for (int i = 0; i < n; i++) {
            Map<String, String> env = env(c, Map.of());
            env.put("JOB_COMPLETION_INDEX", Integer.toString(i)); // what Kubernetes sets in pod i of an Indexed Job
            CommandLine.ParseResult run = DeploymentFiles.parse(command(c, env));
            assertEquals("run", run.commandSpec().name());
            ShardPlan plan = ShardPlan.parse(run.matchedOptionValue("--shard", ""));
            assertEquals(new ShardPlan(i, n), plan, "pod " + i);
            plans.add(plan);
            ShardSync.RedisBarrier barrier = ShardSync.RedisBarrier.parse(run.matchedOptionValue("--start-barrier", ""),
                    java.time.Duration.ofMinutes(1));
            assertEquals("redis://redis:6379", barrier.url());
            one(Service.class, "redis");
            String iplist = run.matchedOptionValue("--set", List.<String>of()).stream()
                    .filter(s -> s.startsWith("server.iplistUrl=")).findFirst().orElseThrow().split("=", 2)[1];
            URI u = URI.create(iplist);
            Service gate = one(Service.class, u.getHost());
            assertTrue(gate.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == u.getPort()), iplist);
            assertTrue(run.matchedOptionValue("--out", Path.of("")).toString().startsWith("/results/"));
        }
        assertEquals(n, plans.size());
        assertEquals(IntStream.range(0, n).boxed().toList(), plans.stream().map(ShardPlan::index).sorted().toList());
        assertEquals("/results", c.getVolumeMounts().get(0).getMountPath());
    }

    @Test
    void shouldMergeWhatTheShardsWroteFromTheSameVolume() {
        Job shards = one(Job.class, "imbench-shards");
        Job merge = one(Job.class, "imbench-merge");
        Container c = merge.getSpec().getTemplate().getSpec().getContainers().get(0);
        CommandLine.ParseResult report = DeploymentFiles.parse(command(c, env(c, Map.of())));
        assertEquals("report", report.commandSpec().name());
        assertTrue(report.hasMatchedOption("--merge"));
        List<Path> runs = report.matchedPositionalValue(0, List.of());
        Container shard = shards.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> shardEnv = env(shard, Map.of());
        shardEnv.put("JOB_COMPLETION_INDEX", "0");
        Path out = DeploymentFiles.parse(command(shard, shardEnv)).matchedOptionValue("--out", Path.of(""));
        assertEquals(out.resolve("*"), runs.get(0), "the merge reads the shards' run directories");
        assertEquals(claim(shards), claim(merge));
        one(PersistentVolumeClaim.class, claim(merge));
        assertEquals(List.of("ReadWriteMany"), one(PersistentVolumeClaim.class, claim(merge)).getSpec().getAccessModes());
        assertEquals(shard.getImage(), c.getImage());
    }

    private static String claim(Job j) {
        return j.getSpec().getTemplate().getSpec().getVolumes().get(0).getPersistentVolumeClaim().getClaimName();
    }

    @Test
    void shouldRunGatesAndLogicNodesWithSettingsTheServerKnowsAndLinkEveryLogicNode() {
        Map<String, String> fields = Map.of("metadata.name", "pod-a", "status.podIP", "10.0.0.7");
        StatefulSet logic = one(StatefulSet.class, "logic");
        Container lc = logic.getSpec().getTemplate().getSpec().getContainers().get(0);
        Map<String, String> ls = DeploymentFiles.serverSettings(DeploymentFiles.parse(command(lc, env(lc, fields))));
        assertEquals("logic", DeploymentFiles.parse(command(lc, env(lc, fields))).matchedOptionValue("--role", ""));
        Service headless = one(Service.class, logic.getSpec().getServiceName());
        assertEquals("None", headless.getSpec().getClusterIP());

        Deployment gates = one(Deployment.class, "gate");
        Container gc = gates.getSpec().getTemplate().getSpec().getContainers().get(0);
        CommandLine.ParseResult gate = DeploymentFiles.parse(command(gc, env(gc, fields)));
        assertEquals("gate", gate.matchedOptionValue("--role", ""));
        Map<String, String> gs = DeploymentFiles.serverSettings(gate);
        List<String> expected = IntStream.range(0, logic.getSpec().getReplicas())
                .mapToObj(i -> "logic-" + i + "." + headless.getMetadata().getName() + ":" + ls.get("linkPort")).toList();
        assertEquals(expected, List.of(gs.get("logicNodes").split(",")), "every logic node of the StatefulSet, in order");
        assertEquals("10.0.0.7", gs.get("advertiseHost"), "a gate names its pod IP in /iplist");
        assertEquals("pod-a", gs.get("gateId"));
        assertEquals(ls.get("tokenSecret"), gs.get("tokenSecret"), "one token secret for gates and logic nodes");
        for (String key : List.of("storage", "routing", "mysqlUrls", "redisUrl", "redisNamespace", "shards")) {
            assertEquals(ls.get(key), gs.get(key), key);
        }
        assertTrue(gs.get("mysqlUrls").contains("//mariadb:3306/") && gs.get("redisUrl").equals("redis://redis:6379"));
        one(Service.class, "mariadb");
        Service gateService = one(Service.class, "gate");
        assertEquals(gates.getSpec().getSelector().getMatchLabels(), gateService.getSpec().getSelector());
        assertTrue(gateService.getSpec().getPorts().stream().anyMatch(p -> p.getPort() == Integer.parseInt(gs.get("httpPort"))));
        assertEquals(gc.getImage(), lc.getImage());
        assertEquals(gc.getImage(), one(Job.class, "imbench-shards").getSpec().getTemplate().getSpec().getContainers().get(0).getImage());
    }
}
