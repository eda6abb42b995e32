package dev.imbench.reports;

import static org.junit.jupiter.api.Assertions.*;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.HdrHistogram.HistogramLogProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportGeneratorTest {

    @TempDir
    Path dir;

    @Test
    void shouldWriteOneSelfContainedPageWithTheRunsData() throws Exception {
        Path run = GoldenRun.copyTo(dir);
        Path page = ReportGenerator.write(run);
        String html = Files.readString(page);
        assertTrue(html.contains("uPlot"), "uPlot is inlined");
        assertFalse(html.matches("(?s).*<script[^>]+src=.*"), "no external script");
        assertFalse(html.matches("(?s).*<link[^>]+href=.*"), "no external stylesheet");
        assertFalse(html.contains("/*DATA*/"), "data embedded");
        assertTrue(html.contains("\"latency\":{\"ack\""), "latency intervals embedded");
        assertTrue(html.contains("\"name\":\"3g\""), "the fault timeline is embedded for the bands");
    }

    @Test
    void shouldReadTheLatencyLogsIntervalByIntervalWithBothTags() throws Exception {
        RunData data = RunReader.read(GoldenRun.copyTo(dir));
        assertTrue(data.problems().isEmpty(), data.problems().toString());
        LatencyLog e2e = data.latency().get("e2e");
        assertFalse(e2e.corrected().isEmpty());
        assertEquals(e2e.corrected().size(), e2e.raw().size());
        long count = e2e.corrected().stream().mapToLong(LatencyLog.Interval::count).sum();
        assertEquals(data.summary().at("/latency/e2e/count").asLong(), count, "intervals add up to the summary");
        assertTrue(e2e.corrected().get(1).startSec() > e2e.corrected().get(0).startSec());
        double[][] spectrum = LatencyLog.spectrum(LatencyLog.merge(e2e.corrected()));
        for (int i = 1; i < spectrum.length; i++) {
            assertTrue(spectrum[i][0] >= spectrum[i - 1][0] && spectrum[i][1] >= spectrum[i - 1][1], "monotone spectrum");
        }
    }

    @Test
    void shouldBeReadableByHdrHistogramsOwnLogProcessor() throws Exception {
        Path run = GoldenRun.copyTo(dir);
        Path out = dir.resolve("e2e-processed");
        PrintStream old = System.out;
        System.setOut(new PrintStream(new ByteArrayOutputStream()));
        try {
            new HistogramLogProcessor(new String[] {"-i", run.resolve("latency/e2e.hlog").toString(),
                "-o", out.toString(), "-tag", "corrected"}).run();
        } finally {
            System.setOut(old);
        }
        String processed = Files.readString(dir.resolve("e2e-processed"));
        String distribution = Files.readString(dir.resolve("e2e-processed.hgrm"));
        assertTrue(processed.lines().count() > 5, "one line per interval");
        assertTrue(distribution.replaceAll("\\s+", " ").contains("Total count = 3048"),
                distribution.lines().skip(Math.max(0, distribution.lines().count() - 4)).toList().toString());
    }

    @Test
    void shouldNameEachMissingOrMalformedFileAndStillRender() throws Exception {
        Path run = GoldenRun.copyTo(dir);
        Files.delete(run.resolve("summary.json"));
        Files.writeString(run.resolve("delivery.json"), "{\"attempted\": 3,");
        Files.writeString(run.resolve("latency/ack.hlog"), "this is not a histogram log\n1,2,3\n");
        RunData data = RunReader.read(run);
        assertTrue(data.problems().contains("summary.json is missing"), data.problems().toString());
        assertTrue(data.problems().stream().anyMatch(p -> p.startsWith("delivery.json is malformed")), data.problems().toString());
        assertTrue(data.problems().stream().anyMatch(p -> p.startsWith("latency/ack.hlog")), data.problems().toString());
        String html = Files.readString(ReportGenerator.write(run));
        assertTrue(html.contains("summary.json is missing"), "the page says what is missing");
    }

    @Test
    void shouldRefuseADirectoryThatDoesNotExist() {
        assertThrows(IllegalArgumentException.class, () -> RunReader.read(dir.resolve("nope")));
    }
}
