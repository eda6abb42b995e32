package dev.imbench.scenario;

import dev.imbench.chaos.profile.Profiles;
import dev.imbench.chaos.toxic.ToxicSpec;
import java.nio.file.Path;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * A scenario's own weak-network profiles: {@code profiles:} names a YAML file (relative to the
 * scenario file) or holds the mapping inline; either way each entry is
 * {@code <name>: {toxics: [...]}} with Toxiproxy's toxic fields. Network slices and {@code profile}
 * faults use them by name like the built-in ones, whose names they may not reuse.
 */
final class UserProfiles {

    /** The most profiles a scenario may define. */
    static final int MAX_PROFILES = 64;

    private UserProfiles() {
    }

    /** The profiles of {@code r}'s {@code profiles:} key, name to toxics, in file order. */
    static Map<String, List<ToxicSpec>> read(MappingReader r, Path baseDir, Collection<String> knownProfiles) {
        if (!r.has("profiles")) {
            return Map.of();
        }
        Node n = r.take("profiles");
        if (n == null) {
            return Map.of();
        }
        MappingReader m;
        if (n instanceof ScalarNode s) {
            Path file = baseDir.resolve(s.getValue().trim());
            String text = ScenarioLoader.read(file);
            Node root = ScenarioLoader.compose(file.getFileName().toString(), text);
            if (!(root instanceof MappingNode)) {
                throw MappingReader.error(file.toString(), root, "", "a profiles file is a mapping of profile names to"
                        + " {toxics: [...]}");
            }
            m = new MappingReader(file.getFileName().toString(), "", root);
        } else if (n instanceof MappingNode) {
            m = r.child(r.qualify("profiles"), n);
        } else {
            throw r.error(n, r.qualify("profiles"), "expected a file name or a mapping of profile names to {toxics: [...]}");
        }
        if (m.keys().size() > MAX_PROFILES) {
            throw m.error(m.node(), m.qualify(""), m.keys().size() + " profiles; at most " + MAX_PROFILES);
        }
        Map<String, List<ToxicSpec>> out = new LinkedHashMap<>();
        for (String name : m.keys()) {
            if (!name.matches("[a-z0-9][a-z0-9._-]{0,31}")) {
                throw m.error(m.keyNode(name), m.qualify(name), "a profile name is up to 32 lower-case letters,"
                        + " digits, '.', '_' or '-'");
            }
            if (Profiles.names().contains(name) || knownProfiles != null && knownProfiles.contains(name)
                    || name.startsWith(NetworkSlice.INLINE)) {
                throw m.error(m.keyNode(name), m.qualify(name), "\"" + name + "\" is a built-in profile's name"
                        + " (or reserved); give yours another");
            }
            MappingReader p = m.mapping(name);
            List<ToxicSpec> toxics = ToxicReader.list(p, "toxics");
            if (toxics.isEmpty()) {
                throw p.error(p.node(), p.qualify("toxics"), "a profile needs at least one toxic");
            }
            p.finish();
            out.put(name, toxics);
        }
        m.finish();
        return out;
    }
}
