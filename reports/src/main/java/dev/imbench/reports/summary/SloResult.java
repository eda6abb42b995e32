package dev.imbench.reports.summary;

/**
 * The outcome of one SLO.
 *
 * @param check  the SLO as written
 * @param path   the summary.json path it reads
 * @param limit  its limit in the summary's unit
 * @param actual the measured value (NaN when not measured)
 * @param status passed, failed, or why it was not judged
 * @param note   why it failed or was not judged (e.g. "not measured"), else empty
 */
public record SloResult(String check, String path, double limit, double actual, Status status, String note) {

    /** What became of an SLO. */
    public enum Status {
        /** It held. */
        PASSED,
        /** It did not hold, or its number was not measured. */
        FAILED,
        /** A latency SLO on a run whose generator fell behind: the number is the generator's. */
        INCONCLUSIVE,
        /** The run was interrupted: nothing is judged. */
        NOT_JUDGED;

        /** The word summary.json and junit.xml use. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
        }
    }

    /** Whether it held. */
    public boolean passed() {
        return status == Status.PASSED;
    }

    /** The unit of the path's values ({@link SloPaths#unitOf}). */
    public String unit() {
        return SloPaths.unitOf(path);
    }

    /** The measured value with its unit, or "n/a". */
    public String actualText() {
        return Double.isNaN(actual) ? "n/a" : SloPaths.withUnit(actual, unit());
    }

    /** The same outcome with another status and note. */
    public SloResult as(Status newStatus, String newNote) {
        return new SloResult(check, path, limit, actual, newStatus, newNote);
    }
}
