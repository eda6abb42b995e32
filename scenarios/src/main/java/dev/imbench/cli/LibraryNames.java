package dev.imbench.cli;

import dev.imbench.scenario.ScenarioLibrary;
import java.util.Iterator;

/** The shipped scenario names, for help texts and completion. */
final class LibraryNames implements Iterable<String> {
    @Override
    public Iterator<String> iterator() {
        return ScenarioLibrary.NAMES.iterator();
    }
}
