package dev.imbench.runner;

import java.nio.file.Path;

/** Renders the HTML report of a run directory (the reports module reads only that directory). */
public final class Reports {

    private Reports() {
    }

    /** Writes {@code index.html} into the run directory. */
    public static void write(Path runDir) {
        dev.imbench.reports.ReportGenerator.write(runDir);
    }
}
