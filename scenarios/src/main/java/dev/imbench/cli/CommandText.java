package dev.imbench.cli;

import java.util.ArrayList;
import java.util.List;

/** The command line that reproduces a run, recorded in run.json. */
final class CommandText {

    private CommandText() {
    }

    static String of(String command, String scenario, ScenarioOptions o) {
        List<String> parts = new ArrayList<>(List.of("./imbench", command));
        if (scenario != null) {
            parts.add(scenario);
        }
        for (String s : o.sets) {
            parts.add("--set");
            parts.add(quote(s));
        }
        if (o.seed != null) {
            parts.add("--seed");
            parts.add(o.seed.toString());
        }
        if (!o.trace.isEmpty()) {
            parts.add("--trace");
            parts.add(String.join(",", o.trace));
        }
        return String.join(" ", parts);
    }

    private static String quote(String s) {
        return s.matches("[A-Za-z0-9._:=,/%-]+") ? s : "'" + s.replace("'", "'\\''") + "'";
    }
}
