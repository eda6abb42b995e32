/**
 * Reports read a run directory and nothing else (docs/run-directory.md):
 * {@link dev.imbench.reports.RunReader} loads it, {@link dev.imbench.reports.ReportGenerator}
 * writes the self-contained {@code index.html} with charts drawn by uPlot.
 */
package dev.imbench.reports;
