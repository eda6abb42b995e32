package dev.imbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** {@code imbench run --metrics-port} refuses what is no port before anything starts. */
class MetricsPortOptionTest {

    @TempDir
    Path dir;

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    @ParameterizedTest
    @ValueSource(strings = {"-1", "65536", "99999999999", "http", "9400x", ""})
    void shouldRefuseAValueThatIsNoPortWithExit2(String port) {
        int exit = Imbench.commandLine().execute("run", "c2c", "--metrics-port", port, "--out", dir.resolve("runs").toString());
        assertEquals(Imbench.EXIT_BROKEN, exit, console::toString);
        assertTrue(console.err().contains("--metrics-port"), console::toString);
        assertFalse(Files.exists(dir.resolve("runs")), "nothing ran: " + console);
    }
}
