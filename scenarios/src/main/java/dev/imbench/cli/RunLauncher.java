package dev.imbench.cli;

import java.nio.file.Path;
import java.util.List;

/** Starts one run of a sweep: in this JVM or in a fresh one. */
interface RunLauncher {

    /**
     * Runs the sweep's scenario with these extra settings.
     *
     * @param settings {@code key=value} overrides of this combination, applied after the sweep's {@code --set}s
     * @param out      the parent directory of the run directory
     */
    SweepRun launch(List<String> settings, Path out);
}
