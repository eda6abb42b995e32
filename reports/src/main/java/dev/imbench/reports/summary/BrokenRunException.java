package dev.imbench.reports.summary;

/** A run directory that cannot be judged: a file the verdict needs is missing or malformed. */
public final class BrokenRunException extends RuntimeException {

    /** With what is wrong, naming the file. */
    public BrokenRunException(String message) {
        super(message);
    }
}
