package dev.imbench.cli;

import java.util.Collection;
import java.util.List;

/** The exit codes of a run and of {@code imbench sweep}, and how a sweep's runs add up to one. */
final class SweepExit {

    static final int PASSED = Imbench.EXIT_PASSED;
    static final int FAILED = Imbench.EXIT_FAILED;
    static final int BROKEN = Imbench.EXIT_BROKEN;
    static final int INCONCLUSIVE = Imbench.EXIT_INCONCLUSIVE;
    /** {@code --find-max}: every probe passed, the capacity lies at or above {@code --to}. */
    static final int ABOVE_RANGE = 4;
    static final int INTERRUPTED = Imbench.EXIT_INTERRUPTED;

    /** From the most to the least severe: the exit code a sweep reports when its runs had several. */
    private static final List<Integer> SEVERITY = List.of(BROKEN, INTERRUPTED, FAILED, INCONCLUSIVE, PASSED);

    private SweepExit() {
    }

    /** The most severe of the runs' exit codes (0 for none); an unknown code counts as broken. */
    static int worst(Collection<Integer> codes) {
        int worst = PASSED;
        for (int c : codes) {
            int rank = SEVERITY.indexOf(c);
            int code = rank < 0 ? BROKEN : c;
            if (SEVERITY.indexOf(code) < SEVERITY.indexOf(worst)) {
                worst = code;
            }
        }
        return worst;
    }

    /** Whether the sweep must stop: nothing after a broken or an interrupted run can be trusted. */
    static boolean stops(int code) {
        return code == BROKEN || code == INTERRUPTED || SEVERITY.indexOf(code) < 0;
    }
}
