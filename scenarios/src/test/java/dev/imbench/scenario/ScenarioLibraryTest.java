package dev.imbench.scenario;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

class ScenarioLibraryTest {

    static List<String> names() {
        return ScenarioLibrary.NAMES;
    }

    @ParameterizedTest
    @MethodSource("names")
    void shouldShipEveryLibraryScenarioValidAndSmallEnoughForCi(String name) {
        Scenario s = ScenarioLibrary.load(name, new ScenarioLoader(null), Overrides.none());
        assertEquals(name, s.name(), "file name and scenario name agree");
        assertFalse(s.description().isBlank());
        assertFalse(s.slos().isEmpty(), "every library scenario states its SLOs");
        assertTrue(s.phasesDuration().toSeconds() <= 45, "runs in CI in under a minute");
    }

    @Test
    void shouldListEveryYamlFileOfTheLibraryDirectory() throws Exception {
        Path dir = Files.exists(Path.of("c2c.yaml")) ? Path.of(".") : Path.of("scenarios");
        try (var files = Files.list(dir)) {
            List<String> onDisk = files.map(p -> p.getFileName().toString()).filter(f -> f.endsWith(".yaml"))
                    .map(f -> f.substring(0, f.length() - 5)).sorted().toList();
            assertEquals(ScenarioLibrary.NAMES.stream().sorted().toList(), onDisk);
        }
    }

    @Test
    void shouldNameTheLibraryWhenAScenarioIsUnknown() {
        String msg = assertThrows(ScenarioException.class,
                () -> ScenarioLibrary.load("c2d", new ScenarioLoader(null), Overrides.none())).getMessage();
        assertTrue(msg.contains("no such scenario file") && msg.contains("c2c"), msg);
    }
}
