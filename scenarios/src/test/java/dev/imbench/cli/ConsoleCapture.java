package dev.imbench.cli;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/** Captures System.out and System.err around each test ({@code @RegisterExtension}): what a user of the CLI reads. */
public final class ConsoleCapture implements BeforeEachCallback, AfterEachCallback {

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();
    private PrintStream oldOut;
    private PrintStream oldErr;

    @Override
    public void beforeEach(ExtensionContext context) {
        oldOut = System.out;
        oldErr = System.err;
        System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    @Override
    public void afterEach(ExtensionContext context) {
        System.setOut(oldOut);
        System.setErr(oldErr);
    }

    /** What was printed on standard output so far. */
    public String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    /** What was printed on standard error so far. */
    public String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return out() + "\n" + err();
    }
}
