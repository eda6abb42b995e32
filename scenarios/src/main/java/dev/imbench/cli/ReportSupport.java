package dev.imbench.cli;

import java.nio.file.Path;

/** Renders the HTML report of a run directory (the reports module). */
final class ReportSupport {

    private ReportSupport() {
    }

    static void writeReport(Path runDir) {
        // The reports module lands separately; until then a run ends with summary.json only.
    }
}
