package dev.imbench.server.logic;

/**
 * What a client is told about a back-end failure: the kind of failure, never its message (which may
 * carry SQL, a schema, a host or driver detail).
 */
public final class Failures {

    private Failures() {
    }

    /** E.g. {@code "a back end failed (SQLTransientConnectionException)"}. */
    public static String brief(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        return "a back end failed (" + root.getClass().getSimpleName() + ")";
    }
}
