package dev.imbench.reports;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * What tells two runs apart, for a comparison: the keys of the resolved
 * {@code scenario.yaml} whose values differ, the {@code --set} overrides of the
 * command recorded in run.json, and the seed. Also the warnings a comparison
 * deserves: different scenarios, or one run compared with itself.
 */
public final class RunLabel {

    private static final Pattern SET = Pattern.compile("--set[ =](\"[^\"]*\"|'[^']*'|\\S+)");
    private static final int SHOWN = 6;

    private RunLabel() {
    }

    /** The scenario as dotted keys (lists by index), e.g. {@code population.clients=200}. */
    public static Map<String, String> flatten(String yaml) {
        Map<String, String> out = new TreeMap<>();
        if (yaml == null || yaml.isBlank()) {
            return out;
        }
        try {
            LoaderOptions options = new LoaderOptions();
            options.setMaxAliasesForCollections(50);
            flatten("", new Yaml(options).load(yaml), out);
        } catch (RuntimeException e) {
            out.put("(scenario.yaml)", "unreadable");
        }
        return out;
    }

    private static void flatten(String prefix, Object v, Map<String, String> out) {
        if (v instanceof Map<?, ?> m) {
            m.forEach((k, x) -> flatten(prefix.isEmpty() ? String.valueOf(k) : prefix + "." + k, x, out));
        } else if (v instanceof List<?> l) {
            if (l.isEmpty()) {
                out.put(prefix, "[]");
            }
            for (int i = 0; i < l.size(); i++) {
                flatten(prefix + "." + i, l.get(i), out);
            }
        } else {
            out.put(prefix, String.valueOf(v));
        }
    }

    /** The {@code --set} overrides of a recorded command line. */
    public static List<String> overrides(String command) {
        List<String> out = new ArrayList<>();
        Matcher m = SET.matcher(command == null ? "" : command);
        while (m.find()) {
            String v = m.group(1);
            out.add(v.length() > 1 && (v.startsWith("\"") || v.startsWith("'")) ? v.substring(1, v.length() - 1) : v);
        }
        return out;
    }

    /** How {@code run} differs from {@code base}, in a few words (the baseline itself is labelled "baseline"). */
    public static String of(RunData base, RunData run) {
        if (base == run) {
            return "baseline";
        }
        List<String> parts = new ArrayList<>();
        Map<String, String> a = flatten(base.scenario());
        Map<String, String> b = flatten(run.scenario());
        TreeSet<String> keys = new TreeSet<>(a.keySet());
        keys.addAll(b.keySet());
        List<String> differ = new ArrayList<>();
        for (String k : keys) {
            if (!k.equals("seed") && !Objects.equals(a.get(k), b.get(k))) {
                differ.add(k + "=" + (b.get(k) == null ? "(unset)" : b.get(k)));
            }
        }
        if (differ.size() > SHOWN) {
            int more = differ.size() - SHOWN;
            differ = new ArrayList<>(differ.subList(0, SHOWN));
            differ.add("+" + more + " more");
        }
        parts.addAll(differ);
        long seedA = base.run().path("seed").asLong(base.summary().path("seed").asLong());
        long seedB = run.run().path("seed").asLong(run.summary().path("seed").asLong());
        if (seedA != seedB) {
            parts.add("seed " + seedB);
        }
        List<String> setA = overrides(base.run().path("command").asText());
        List<String> setB = overrides(run.run().path("command").asText());
        if (differ.isEmpty() && !setA.equals(setB) && !setB.isEmpty()) {
            parts.add("--set " + String.join(" --set ", setB));
        }
        return parts.isEmpty() ? "same scenario and seed (a repeat)" : String.join(", ", parts);
    }

    /** What a person should know before reading the comparison. */
    public static List<String> warnings(List<RunData> runs) {
        List<String> out = new ArrayList<>();
        RunData base = runs.get(0);
        String name = scenario(base);
        for (int i = 1; i < runs.size(); i++) {
            RunData r = runs.get(i);
            if (!scenario(r).equals(name)) {
                out.add(r.dir().getFileName() + " runs scenario " + scenario(r) + ", the baseline runs " + name
                        + ": the numbers come from different workloads");
            }
            for (int j = 0; j < i; j++) {
                if (same(runs.get(j), r)) {
                    out.add(r.dir().getFileName() + " is the same run as " + runs.get(j).dir().getFileName()
                            + " (compared with itself: every difference is zero by construction)");
                }
            }
        }
        return List.copyOf(out);
    }

    private static String scenario(RunData r) {
        return r.run().path("scenario").asText(r.summary().path("scenario").asText("?"));
    }

    private static boolean same(RunData a, RunData b) {
        try {
            if (a.dir().toRealPath().equals(b.dir().toRealPath())) {
                return true;
            }
        } catch (java.io.IOException e) {
            // fall through to the id check
        }
        String idA = a.run().path("id").asText("");
        return !idA.isEmpty() && idA.equals(b.run().path("id").asText())
                && a.run().path("startedAt").asLong() == b.run().path("startedAt").asLong();
    }
}
