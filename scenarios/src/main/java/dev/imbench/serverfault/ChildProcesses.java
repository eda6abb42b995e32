package dev.imbench.serverfault;

import java.util.concurrent.TimeUnit;

/** How a child JVM this process started is stopped: the one rule for the runner's nodes and the tests' ones. */
public final class ChildProcesses {

    private ChildProcesses() {
    }

    /** Stops it gracefully: SIGTERM, then SIGKILL if it is still alive 10 s later; nothing if it already ended. */
    public static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                process.waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
