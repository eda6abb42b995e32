package dev.imbench.scenario;

import dev.imbench.chaos.toxic.ToxicSpec;
import dev.imbench.reports.summary.Slo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.Yaml;

/**
 * Writes a resolved scenario back as YAML that {@link ScenarioLoader} reads to
 * the same {@link Scenario}: the run directory keeps it so a run can be repeated.
 */
public final class ScenarioWriter {

    private ScenarioWriter() {
    }

    /** The scenario as YAML text. */
    public static String toYaml(Scenario s) {
        DumperOptions options = new DumperOptions();
        options.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
        options.setIndent(2);
        options.setWidth(120);
        return new Yaml(options).dump(toMap(s));
    }

    private static Map<String, Object> toMap(Scenario s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        if (!s.description().isEmpty()) {
            m.put("description", s.description());
        }
        m.put("seed", s.seed());
        Population p = s.population();
        m.put("population", ordered("clients", p.clients(), "rampPerSec", p.rampPerSec(),
                "transport", p.transport().name().toLowerCase(Locale.ROOT), "deviceTypes", p.deviceTypes(),
                "heartbeat", Durations.format(p.heartbeat())));
        if (s.groups().count() > 0) {
            m.put("groups", ordered("count", s.groups().count(), "minSize", s.groups().minSize(),
                    "maxSize", s.groups().maxSize()));
        }
        List<Object> phases = new ArrayList<>();
        for (Phase ph : s.phases()) {
            Rates r = ph.rates();
            phases.add(ordered("name", ph.name(), "duration", Durations.format(ph.duration()),
                    "rates", ordered("c2c", r.c2c(), "c2g", r.c2g(), "c2s", r.c2s(), "s2c", r.s2c(),
                            "pulls", r.pulls(), "kickouts", r.kickouts()),
                    "churnPerSec", ph.churnPerSec(), "offlineFraction", ph.offlineFraction()));
        }
        m.put("phases", phases);
        if (!s.profiles().isEmpty()) {
            Map<String, Object> profiles = new LinkedHashMap<>();
            s.profiles().forEach((name, toxics) -> profiles.put(name, ordered("toxics", toxics(toxics))));
            m.put("profiles", profiles);
        }
        m.put("network", s.network().stream()
                .map(n -> n.inline() ? ordered("toxics", toxics(n.toxics()), "fraction", n.fraction())
                        : ordered("profile", n.profile(), "fraction", n.fraction())).toList());
        m.put("faults", s.faults().stream().map(ScenarioWriter::fault).toList());
        ServerSettings sv = s.server();
        m.put("server", ordered("storage", sv.storage(), "routing", sv.routing(), "fanout", sv.fanout(),
                "shards", sv.shards(), "iplistUrl", sv.iplistUrl(), "toxiproxyUrl", sv.toxiproxyUrl(),
                "gates", sv.gates(), "logicNodes", sv.logicNodes(), "processes", sv.processes()));
        m.put("slo", s.slos().stream().map(Slo::expression).toList());
        m.put("drainTimeout", Durations.format(s.drainTimeout()));
        m.put("warmup", Durations.format(s.warmup()));
        m.put("generator", ordered("minAchieved", s.generator().minAchievedFraction(),
                "maxLag", Durations.format(s.generator().maxLagP99())));
        return m;
    }

    /** A fault with the fields its action takes (so the file loads again). */
    private static Map<String, Object> fault(FaultStep f) {
        FaultSyntax syntax = FaultSyntax.ALL.get(f.action());
        Map<String, Object> m = ordered("at", Durations.format(f.at()), "action", f.action());
        if (syntax.target() != FaultSyntax.Target.NONE && !f.target().isEmpty()) {
            m.put("target", f.target());
        }
        if (syntax.clients()) {
            m.put("fraction", f.fraction());
        }
        if (syntax.toxics()) {
            m.put("toxics", toxics(f.toxics()));
        }
        if (syntax.lasts()) {
            m.put("lasting", Durations.format(f.lasting()));
        }
        m.putAll(f.options());
        return m;
    }

    private static List<Object> toxics(List<ToxicSpec> toxics) {
        List<Object> out = new ArrayList<>();
        for (ToxicSpec t : toxics) {
            out.add(ordered("name", t.name(), "type", t.type(), "stream", t.stream().wireName(),
                    "toxicity", t.toxicity(), "attributes", new LinkedHashMap<>(t.attributes())));
        }
        return out;
    }

    private static Map<String, Object> ordered(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1]);
        }
        return m;
    }
}
