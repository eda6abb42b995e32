package dev.imbench.scenario;

import static org.junit.jupiter.api.Assertions.*;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The scenario keys {@code warmup} and {@code generator}: read, checked with file:line errors, written back. */
class WarmupAndGeneratorKeysTest {

    private static final String BASE = """
            name: keys
            population: {clients: 10}
            phases:
              - name: steady
                duration: 5s
                rates: {c2c: 40, kickouts: 2}
                churnPerSec: 0.1
            """;

    private final ScenarioLoader loader = new ScenarioLoader(null);

    private Scenario parse(String text, String... sets) {
        return loader.parse("keys.yaml", text, Overrides.parse(List.of(sets)));
    }

    private String failure(String text, String... sets) {
        return assertThrows(ScenarioException.class, () -> parse(text, sets)).getMessage();
    }

    @Test
    void shouldDefaultToNoWarmupAndTheDocumentedGeneratorLimits() {
        Scenario s = parse(BASE);
        assertEquals(Duration.ZERO, s.warmup());
        assertNull(s.warmupPhase());
        assertEquals(0.95, s.generator().minAchievedFraction());
        assertEquals(Duration.ofMillis(100), s.generator().maxLagP99());
    }

    @Test
    void shouldRunTheFirstPhasesMessageRatesAsTheWarmup() {
        Scenario s = parse(BASE + "warmup: 15s\ngenerator: {minAchieved: 90%, maxLag: 250ms}\n");
        Phase w = s.warmupPhase();
        assertEquals(Scenario.WARMUP, w.name());
        assertEquals(Duration.ofSeconds(15), w.duration());
        assertEquals(40, w.rates().c2c());
        assertEquals(0, w.rates().kickouts(), "the warm-up sends messages only");
        assertEquals(0, w.churnPerSec());
        assertEquals(new GeneratorLimits(0.9, Duration.ofMillis(250)), s.generator());
        assertEquals(Duration.ofSeconds(3), parse(BASE, "warmup=3s").warmup(), "settable with --set");
    }

    @Test
    void shouldRefuseBadValuesWithFileLineAndKey() {
        assertEquals("keys.yaml:8: warmup: expected a duration like 500ms, 30s, 2m, 1h or PT30S, got \"soon\"",
                failure(BASE + "warmup: soon\n"));
        assertTrue(failure(BASE + "generator: {minAchieved: 1.5}\n")
                .startsWith("keys.yaml:8: generator.minAchieved: expected a number from 0.0 to 1.0"));
        assertTrue(failure(BASE + "generator: {maxLag: 0ms}\n").startsWith("keys.yaml:8: generator.maxLag: expected a duration from 1ms"));
        assertTrue(failure(BASE + "generator: {lag: 5ms}\n").contains("generator.lag: unknown key; expected one of [minAchieved, maxLag]"));
        String clash = failure(BASE.replace("name: steady", "name: warmup") + "warmup: 2s\n");
        assertTrue(clash.startsWith("keys.yaml:4: phases[0].name: a phase may not be named \"warmup\""), clash);
        assertEquals("warmup", parse(BASE.replace("name: steady", "name: warmup")).phases().get(0).name(),
                "the name is free without a warm-up");
    }

    @Test
    void shouldWriteBothKeysBackSoTheRunRepeats() {
        Scenario s = parse(BASE + "warmup: 1500ms\ngenerator: {minAchieved: 0.8, maxLag: 1s}\n");
        String yaml = ScenarioWriter.toYaml(s);
        assertTrue(yaml.contains("warmup: 1500ms"), yaml);
        assertEquals(s, loader.parse("resolved.yaml", yaml, Overrides.none()));
        assertEquals(s.warmup(), s.withSeed(9).warmup());
        assertEquals(s.generator(), s.withSeed(9).generator());
    }
}
