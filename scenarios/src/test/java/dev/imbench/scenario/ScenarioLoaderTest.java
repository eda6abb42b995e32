package dev.imbench.scenario;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ScenarioLoaderTest {

    private static final String GOOD = """
            name: c2c
            description: one-to-one chat
            seed: 7
            population:
              clients: 200
              rampPerSec: 400
              transport: tcp
              deviceTypes: [android, ios]
            groups: {count: 5, minSize: 3, maxSize: 8}
            phases:
              - name: steady
                duration: 20s
                rates: {c2c: 150, c2g: 5}
              - name: churn
                duration: 5s
                churnPerSec: 0.05
            network:
              - {profile: 3g, fraction: 30%}
            faults:
              - {at: 5s, action: profile, target: subway, fraction: 0.2, lasting: 3s}
            server: {fanout: read}
            slo:
              - latency.e2e.p99 < 500ms
              - delivery.lost == 0
            drainTimeout: 20s
            """;

    private final ScenarioLoader loader = new ScenarioLoader(List.of("3g", "subway", "2g"));

    private Scenario parse(String text, String... sets) {
        return loader.parse("test.yaml", text, Overrides.parse(List.of(sets)));
    }

    private String failure(String text, String... sets) {
        return assertThrows(ScenarioException.class, () -> parse(text, sets)).getMessage();
    }

    @Test
    void shouldReadEveryField() {
        Scenario s = parse(GOOD);
        assertEquals("c2c", s.name());
        assertEquals(7, s.seed());
        assertEquals(200, s.population().clients());
        assertEquals(TransportKind.TCP, s.population().transport());
        assertEquals(new GroupSpec(5, 3, 8), s.groups());
        assertEquals(2, s.phases().size());
        assertEquals(Duration.ofSeconds(20), s.phases().get(0).duration());
        assertEquals(150, s.phases().get(0).rates().c2c());
        assertEquals(0.05, s.phases().get(1).churnPerSec());
        assertEquals(new NetworkSlice("3g", 0.3), s.network().get(0));
        assertEquals("subway", s.faults().get(0).target());
        assertEquals("read", s.server().fanout());
        assertEquals("memory", s.server().storage());
        assertEquals(500.0, s.slos().get(0).limit());
        assertEquals(Duration.ofSeconds(20), s.drainTimeout());
    }

    @Test
    void shouldApplySetOverridesAndShortcuts() {
        Scenario s = parse(GOOD, "clients=20000", "duration=1m", "rate=900", "network=2g:0.5", "server.fanout=write",
                "seed=99");
        assertEquals(20000, s.population().clients());
        assertEquals(Duration.ofMinutes(1), s.phases().get(0).duration());
        assertEquals(Duration.ofSeconds(5), s.phases().get(1).duration(), "only the steady phase");
        assertEquals(900, s.phases().get(0).rates().c2c());
        assertEquals(List.of(new NetworkSlice("2g", 0.5)), s.network());
        assertEquals("write", s.server().fanout());
        assertEquals(99, s.seed());
        assertEquals(List.of(), parse(GOOD, "network=none").network());
    }

    @Test
    void shouldNameFileLineAndKeyOfAnUnknownKey() {
        String msg = failure(GOOD.replace("rampPerSec: 400", "rampPerSecond: 400"));
        assertTrue(msg.startsWith("test.yaml:6: population.rampPerSecond: unknown key"), msg);
        assertTrue(msg.contains("rampPerSec"), "lists the expected keys: " + msg);
    }

    @Test
    void shouldSayWhatWasExpectedForABadValue() {
        String msg = failure(GOOD.replace("clients: 200", "clients: many"));
        assertEquals("test.yaml:5: population.clients: expected a whole number from 1 to 2000000, got \"many\"", msg);
        assertTrue(failure(GOOD.replace("duration: 20s", "duration: soon")).contains("phases[0].duration: expected a duration"));
        assertTrue(failure(GOOD.replace("duration: 20s", "duration: 20")).contains(
                "phases[0].duration: a duration needs a unit: write 20ms or 20s"), "a bare number means nothing");
        assertTrue(failure(GOOD.replace("transport: tcp", "transport: carrier-pigeon")).contains("[local, tcp, ws]"));
        assertTrue(failure(GOOD.replace("fraction: 30%", "fraction: 1.5")).contains("network[0].fraction"));
    }

    @Test
    void shouldRefuseAnUnknownProfileListingTheKnownOnes() {
        String msg = failure(GOOD.replace("profile: 3g", "profile: 6g"));
        assertTrue(msg.contains("unknown network profile \"6g\"") && msg.contains("[3g, subway, 2g]"), msg);
        assertTrue(failure(GOOD, "network=5g").startsWith("--set network=5g: network[0].profile"), failure(GOOD, "network=5g"));
    }

    @Test
    void shouldBlameTheOverrideForABadOverrideValue() {
        assertEquals("--set clients=-3: population.clients: expected a whole number from 1 to 2000000, got \"-3\"",
                failure(GOOD, "clients=-3"));
        assertTrue(failure(GOOD, "nonsense").contains("expected key=value"));
        assertTrue(failure(GOOD, "population.colour=red").contains("population.colour: unknown key"));
    }

    @Test
    void shouldRefuseBrokenYamlWithItsLine() {
        String msg = failure("name: x\npopulation: {clients: 3\nphases: []\n");
        assertTrue(msg.startsWith("test.yaml:") && msg.contains("not valid YAML"), msg);
        assertTrue(failure("").contains("empty"));
        assertTrue(failure("- a\n- b\n").contains("a scenario is a mapping"));
    }

    @Test
    void shouldRefuseInconsistentSettings() {
        assertTrue(failure(GOOD.replace("count: 5", "count: 0")).contains("group messages need groups"));
        assertTrue(failure(GOOD.replace("maxSize: 8", "maxSize: 2")).contains("below minSize"));
        assertTrue(failure(GOOD.replace("- latency.e2e.p99 < 500ms", "- fast please")).contains("expected an SLO"));
        assertTrue(failure(GOOD.replace("action: profile", "action: meteor")).contains("unknown fault action \"meteor\"; this build runs [profile, toxic, proxy-down"));
        assertTrue(failure("name: x\nphases: []\n").contains("at least one phase"));
    }

    @Test
    void shouldReportAMissingFileClearly(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("nope.yaml");
        assertTrue(assertThrows(ScenarioException.class, () -> loader.load(f, Overrides.none())).getMessage()
                .contains("no such scenario file"));
        Files.writeString(f, GOOD);
        assertEquals("c2c", loader.load(f, Overrides.none()).name());
    }

    @Test
    void shouldReadTheTopologyShortcutsAndRefuseOutOfRangeCounts() {
        Scenario s = parse(GOOD, "gates=3", "logicNodes=2", "storage=mysql", "routing=redis");
        assertEquals(3, s.server().gates());
        assertEquals(2, s.server().logicNodes());
        assertTrue(s.server().split());
        assertEquals(1, parse(GOOD).server().gates());
        assertEquals(0, parse(GOOD).server().logicNodes());
        assertTrue(failure(GOOD, "gates=0").contains("server.gates"), failure(GOOD, "gates=0"));
        assertTrue(failure(GOOD, "logicNodes=-1").contains("server.logicNodes"));
        assertTrue(failure(GOOD, "logicNodes=many").contains("server.logicNodes"));
    }

    @Test
    void shouldReadBackTheResolvedScenarioItWrote() {
        Scenario split = parse(GOOD, "gates=2", "logicNodes=2", "storage=mysql", "routing=redis");
        assertEquals(split, loader.parse("resolved.yaml", ScenarioWriter.toYaml(split), Overrides.none()));
        Scenario s = parse(GOOD, "clients=321", "network=2g:0.25");
        assertEquals(s, loader.parse("resolved.yaml", ScenarioWriter.toYaml(s), Overrides.none()));
    }
}
