package dev.imbench.runner;

/**
 * The outcome of one SLO.
 *
 * @param check  the SLO as written
 * @param limit  its limit in the summary's unit
 * @param actual the measured value (NaN when not measured)
 * @param passed whether it held
 * @param note   why it failed without a comparison (e.g. "not measured"), else empty
 */
public record SloResult(String check, double limit, double actual, boolean passed, String note) {
}
