package dev.imbench.serverfault;

import java.util.List;

/**
 * {@code partition-link}: the gate-logic links of one gate (the target) or of every gate are cut
 * (black-holed by default: the gate still believes them up, frames vanish) until lifted; lifting closes
 * the held links, so gates re-dial.
 */
record LinkPartition(LinkPaths links, String target, CutMode mode) implements ServerFault {

    @Override
    public String apply() {
        List<FaultedPath> paths = links.paths(target);
        paths.forEach(p -> p.cut(mode));
        return paths.size() + " gate-logic links of " + (target.isEmpty() ? "every gate" : target) + " cut ("
                + mode.wireName() + ")";
    }

    @Override
    public String lift() {
        List<FaultedPath> paths = links.paths(target);
        paths.forEach(FaultedPath::heal);
        return paths.size() + " gate-logic links of " + (target.isEmpty() ? "every gate" : target) + " clean again";
    }
}
