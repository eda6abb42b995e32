package dev.imbench.scenario;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.chaos.toxic.Direction;
import dev.imbench.chaos.toxic.ToxicSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A fault, a network slice of toxics and a scenario's own profiles: what loads, and what is refused. */
class FaultSyntaxTest {

    private static final String HEAD = """
            name: faults
            population: {clients: 50, transport: tcp}
            phases: [{name: steady, duration: 30s, rates: {c2c: 10}}]
            """;

    private final ScenarioLoader loader = new ScenarioLoader(List.of("3g", "subway"));

    private Scenario parse(String rest) {
        return loader.parse("f.yaml", HEAD + rest, Overrides.none());
    }

    private String refusal(String rest) {
        return assertThrows(ScenarioException.class, () -> parse(rest)).getMessage();
    }

    @Test
    void shouldReadAnInlineToxicWithToxiproxysFields() {
        Scenario s = parse("""
                faults:
                  - at: 5s
                    action: toxic
                    fraction: 0.3
                    lasting: 10s
                    toxics:
                      - {type: latency, stream: upstream, toxicity: 0.5, attributes: {latency: 300, jitter: 50}}
                      - {name: cut, type: reset_peer, attributes: {timeout: 2000}}
                """);
        FaultStep f = s.faults().get(0);
        assertEquals("toxic", f.baseName());
        assertEquals(0.3, f.fraction());
        assertEquals(new ToxicSpec("latency_upstream", "latency", Direction.UPSTREAM, 0.5,
                Map.of("latency", 300L, "jitter", 50L)), f.toxics().get(0));
        assertEquals("cut", f.toxics().get(1).name());
        assertEquals(Direction.DOWNSTREAM, f.toxics().get(1).stream(), "Toxiproxy's default stream");
        assertEquals(s, loader.parse("resolved.yaml", ScenarioWriter.toYaml(s), Overrides.none()),
                "the resolved scenario.yaml loads to the same scenario");
    }

    @Test
    void shouldRefuseEverySettingThatWouldDoNothing() {
        assertTrue(refusal("faults: [{at: 1s, action: meteor}]\n")
                .contains("unknown fault action \"meteor\"; this build runs [profile, toxic, proxy-down"));
        assertTrue(refusal("faults: [{at: 1s}]\n").contains("faults[0].action: missing"));
        assertTrue(refusal("faults: [{at: 1s, action: proxy-down, target: gate-1}]\n")
                .contains("action proxy-down takes no target, so target would do nothing"));
        assertTrue(refusal("faults: [{at: 1s, action: profile, target: 3g, toxics: [{type: latency}]}]\n")
                .contains("action profile takes no toxics"));
        assertTrue(refusal("faults: [{at: 1s, action: toxic}]\n").contains("needs at least one toxic"));
        assertTrue(refusal("faults: [{at: 1s, action: profile, target: 3g, fraction: 0}]\n")
                .contains("0 concerns no client"));
        assertTrue(refusal("faults: [{at: 1s, action: profile, target: 3g, mode: reset}]\n")
                .contains("action profile has no setting mode"));
        assertTrue(refusal("faults: [{at: 30s, action: proxy-down}]\n").contains("would never happen"),
                "a fault due when the phases are over");
        assertTrue(refusal("faults: [{at: 1s, action: toxic, toxics: [{type: latency, attributes: {latncy: 9}}]}]\n")
                .contains("toxic latency has no attribute latncy"), "Toxiproxy ignores it; a scenario must not");
        assertTrue(refusal("faults: [{at: 1s, action: toxic, toxics: [{type: latency}, {type: latency}]}]\n")
                .contains("\"latency_downstream\" appears twice"));
        assertTrue(refusal("faults: [{at: 1s, action: toxic, toxics: [{type: lag}]}]\n").contains("expected one of"));
        assertTrue(refusal("faults: [{at: 1s, action: toxic, toxics: [{type: latency, toxicity: 2}]}]\n")
                .contains("toxicity"));
    }

    @Test
    void shouldReadANetworkSliceOfToxics() {
        Scenario s = parse("""
                network:
                  - {toxics: [{type: bandwidth, attributes: {rate: 20}}], fraction: 0.3}
                  - {profile: 3g, fraction: 0.2}
                """);
        assertEquals("inline-1", s.network().get(0).name());
        assertEquals(List.of(ToxicSpec.of("bandwidth", Direction.DOWNSTREAM, Map.of("rate", 20L))),
                s.sliceToxics(s.network().get(0)));
        assertEquals("3g", s.network().get(1).name());
        assertEquals(s, loader.parse("resolved.yaml", ScenarioWriter.toYaml(s), Overrides.none()));
        assertTrue(refusal("network: [{profile: 3g, toxics: [{type: latency}]}]\n").contains("not both"));
        assertTrue(refusal("network: [{fraction: 0.2}]\n").contains("needs a profile or a list of toxics"));
    }

    @Test
    void shouldReadTheScenariosOwnProfilesFromAFileNextToIt(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("net.yaml"), """
                tunnel:
                  toxics:
                    - {type: timeout, attributes: {timeout: 0}}
                satellite:
                  toxics:
                    - {type: latency, attributes: {latency: 600}}
                    - {type: latency, stream: upstream, attributes: {latency: 600}}
                """);
        Path scenario = dir.resolve("s.yaml");
        Files.writeString(scenario, HEAD + """
                profiles: net.yaml
                network: [{profile: satellite, fraction: 0.5}]
                faults: [{at: 2s, action: profile, target: tunnel, fraction: 0.1, lasting: 5s}]
                """);
        Scenario s = loader.load(scenario, Overrides.none());
        assertEquals(List.of("tunnel", "satellite"), List.copyOf(s.profiles().keySet()));
        assertEquals("timeout", s.profileToxics("tunnel").get(0).type());
        assertEquals(2, s.sliceToxics(s.network().get(0)).size());
        assertEquals(s, loader.parse("resolved.yaml", ScenarioWriter.toYaml(s), Overrides.none()),
                "scenario.yaml carries the profiles inline, so the run directory is self-contained");

        Files.writeString(dir.resolve("bad.yaml"), "3g: {toxics: [{type: latency}]}\n");
        Files.writeString(scenario, HEAD + "profiles: bad.yaml\n");
        assertTrue(assertThrows(ScenarioException.class, () -> loader.load(scenario, Overrides.none())).getMessage()
                .contains("\"3g\" is a built-in profile's name"));
        Files.writeString(scenario, HEAD + "profiles: missing.yaml\n");
        assertTrue(assertThrows(ScenarioException.class, () -> loader.load(scenario, Overrides.none())).getMessage()
                .contains("no such scenario file"));
        Files.writeString(scenario, HEAD + "faults: [{at: 1s, action: profile, target: tunnel}]\n");
        assertTrue(assertThrows(ScenarioException.class, () -> loader.load(scenario, Overrides.none())).getMessage()
                .contains("unknown network profile \"tunnel\""), "without profiles: it is unknown");
    }
}
