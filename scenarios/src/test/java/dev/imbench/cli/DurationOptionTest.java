package dev.imbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import picocli.CommandLine;

/** A duration on the command line follows the rule of every configuration file. */
class DurationOptionTest {

    @RegisterExtension
    final ConsoleCapture console = new ConsoleCapture();

    private static Duration barrierTimeout(String... args) {
        CommandLine.ParseResult r = Imbench.commandLine().parseArgs(args);
        return ((RunCommand) r.subcommand().commandSpec().userObject()).barrierTimeout;
    }

    @Test
    void shouldReadTheUnitsAndIsoFormsAsEveryConfigDoes() {
        assertEquals(Duration.ofSeconds(90), barrierTimeout("run", "c2c", "--barrier-timeout", "90s"));
        assertEquals(Duration.ofMinutes(2), barrierTimeout("run", "c2c", "--barrier-timeout", "PT2M"));
        assertEquals(Duration.ofMinutes(10), barrierTimeout("run", "c2c"), "the default");
    }

    @Test
    void shouldRefuseABareNumberWithExit2SayingWhichUnitsToWrite() {
        assertEquals(Imbench.EXIT_BROKEN, Imbench.commandLine().execute("run", "c2c", "--barrier-timeout", "600"));
        assertTrue(console.err().contains("--barrier-timeout") && console.err().contains("30s"), console::toString);
    }
}
