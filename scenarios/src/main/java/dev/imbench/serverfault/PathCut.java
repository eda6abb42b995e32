package dev.imbench.serverfault;

/** {@code cut-mysql} / {@code cut-redis}: the back end's proxy cuts, in the given mode, until lifted. */
record PathCut(String backend, FaultedPath path, CutMode mode) implements ServerFault {

    @Override
    public String apply() {
        path.cut(mode);
        return backend + " cut (" + mode.wireName() + (mode == CutMode.RESET ? ": connections reset, new ones refused"
                : ": connections held, no byte passes") + ") at " + path.listen();
    }

    @Override
    public String lift() {
        path.heal();
        return backend + " reachable again";
    }
}
