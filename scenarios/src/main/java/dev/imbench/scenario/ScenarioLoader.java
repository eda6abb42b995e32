package dev.imbench.scenario;

import dev.imbench.chaos.toxic.ToxicSpec;
import dev.imbench.reports.summary.Slo;
import dev.imbench.reports.summary.SloPaths;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.ScalarNode;

/**
 * Reads a scenario from YAML, applies {@code --set} overrides and validates
 * every field: an unknown key or a bad value fails with the file, the line and
 * what was expected. See {@code scenarios/README.md} for the format.
 */
public final class ScenarioLoader {

    /** The largest population one run accepts. */
    public static final int MAX_CLIENTS = 2_000_000;
    /** Device types clients can be. */
    public static final List<String> DEVICE_TYPES = List.of("ios", "android", "web", "pc");

    /** The largest scenario file (and text) read: 1 MiB; a scenario is a few hundred bytes. */
    public static final int MAX_FILE_BYTES = 1 << 20;
    /** The deepest nesting of mappings and lists accepted (a scenario nests four deep). */
    public static final int MAX_NESTING = 32;
    /** The most aliases ({@code *name}) a scenario may use. */
    public static final int MAX_ALIASES = 50;

    private static final Duration MAX_DURATION = Duration.ofHours(24);

    private final Collection<String> knownProfiles;

    /**
     * A loader.
     *
     * @param knownProfiles the weak-network profile names that exist (null: not checked here)
     */
    public ScenarioLoader(Collection<String> knownProfiles) {
        this.knownProfiles = knownProfiles;
    }

    /**
     * Loads a scenario file with overrides. Only a regular file of at most
     * {@link #MAX_FILE_BYTES} is read: a device, a FIFO or a directory is refused
     * without being opened, a larger file without being read.
     */
    public Scenario load(Path file, Overrides overrides) {
        Path dir = file.toAbsolutePath().getParent();
        return parse(file.getFileName().toString(), read(file), overrides, dir);
    }

    static String read(Path file) {
        if (!Files.exists(file)) {
            throw new ScenarioException(file + ": no such scenario file");
        }
        if (!Files.isRegularFile(file)) {
            throw new ScenarioException(file + ": not a regular file (a scenario is a YAML file, not a "
                    + (Files.isDirectory(file) ? "directory" : "device, FIFO or socket") + ")");
        }
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(MAX_FILE_BYTES + 1); // bounded even when the size changes while reading
        } catch (NoSuchFileException e) {
            throw new ScenarioException(file + ": no such scenario file");
        } catch (IOException e) {
            throw new ScenarioException(file + ": cannot be read: " + e.getMessage());
        }
        if (bytes.length > MAX_FILE_BYTES) {
            throw tooLarge(file.toString());
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new ScenarioException(file + ": not UTF-8 text");
        }
    }

    private static ScenarioException tooLarge(String source) {
        return new ScenarioException(source + ": larger than " + MAX_FILE_BYTES / 1024
                + " KiB, the most a scenario file may be");
    }

    /**
     * Parses scenario text; {@code source} names it in error messages. The text
     * has the file's limits: at most {@link #MAX_FILE_BYTES} characters,
     * {@link #MAX_NESTING} levels and {@link #MAX_ALIASES} aliases.
     */
    public Scenario parse(String source, String text, Overrides overrides) {
        return parse(source, text, overrides, Path.of(""));
    }

    /**
     * Parses scenario text whose relative file names ({@code profiles: my-net.yaml}) resolve
     * against {@code baseDir}.
     */
    public Scenario parse(String source, String text, Overrides overrides, Path baseDir) {
        Node root = compose(source, text);
        if (root == null) {
            throw new ScenarioException(source + ": the scenario is empty");
        }
        if (!(root instanceof MappingNode mapping)) {
            throw MappingReader.error(source, root, "", "a scenario is a mapping (name:, population:, phases:, …)");
        }
        overrides.applyTo(mapping);
        return bind(new MappingReader(source, "", mapping), baseDir);
    }

    /** The YAML tree of a text, with the file's limits (size, nesting, aliases); null when empty. */
    static Node compose(String source, String text) {
        if (text.length() > MAX_FILE_BYTES) {
            throw tooLarge(source);
        }
        try (Reader r = new StringReader(text)) {
            LoaderOptions options = new LoaderOptions();
            options.setAllowDuplicateKeys(false);
            options.setMaxAliasesForCollections(MAX_ALIASES);
            options.setNestingDepthLimit(MAX_NESTING);
            options.setCodePointLimit(MAX_FILE_BYTES);
            return new Yaml(options).compose(r);
        } catch (MarkedYAMLException e) {
            int line = e.getProblemMark() == null ? 0 : e.getProblemMark().getLine() + 1;
            throw new ScenarioException(source + ":" + line + ": not valid YAML: " + e.getProblem());
        } catch (RuntimeException | IOException e) {
            throw new ScenarioException(source + ": not valid YAML: " + e.getMessage());
        }
    }

    private Scenario bind(MappingReader r, Path baseDir) {
        String name = r.string("name", "");
        if (!name.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
            throw r.error(r.node(), "name", "expected a short name of letters, digits, '.', '_' or '-', got \""
                    + name + "\"");
        }
        String description = r.string("description", "");
        long seed = r.whole("seed", 1, Long.MIN_VALUE, Long.MAX_VALUE);
        Population population = population(r.mapping("population"));
        GroupSpec groups = groups(r.mapping("groups"), population.clients());
        List<Phase> phases = new ArrayList<>();
        for (Node p : r.list("phases")) {
            phases.add(phase(r.child("phases[" + phases.size() + "]", p), groups));
        }
        if (phases.isEmpty()) {
            throw r.error(r.node(), "phases", "a scenario needs at least one phase");
        }
        Map<String, List<ToxicSpec>> profiles = UserProfiles.read(r, baseDir, knownProfiles);
        Collection<String> profileNames = knownProfiles == null ? null
                : java.util.stream.Stream.concat(knownProfiles.stream(), profiles.keySet().stream()).toList();
        List<NetworkSlice> network = new ArrayList<>();
        for (Node n : r.list("network")) {
            network.add(slice(r.child("network[" + network.size() + "]", n), network.size(), profileNames));
        }
        double sliced = network.stream().mapToDouble(NetworkSlice::fraction).sum();
        if (sliced > 1.0 + 1e-9) {
            throw r.error(r.node(), "network", "the fractions add up to " + sliced + ", more than 1");
        }
        List<FaultStep> faults = new ArrayList<>();
        Duration phasesLength = phases.stream().map(Phase::duration).reduce(Duration.ZERO, Duration::plus);
        for (Node f : r.list("faults")) {
            FaultStep step = fault(r.child("faults[" + faults.size() + "]", f), profileNames);
            if (step.at().compareTo(phasesLength) >= 0) {
                throw r.error(f, "faults[" + faults.size() + "].at", Durations.format(step.at()) + " is not before the end"
                        + " of the phases (" + Durations.format(phasesLength) + " after the first one starts): the fault"
                        + " would never happen");
            }
            faults.add(step);
        }
        ServerSettings server = server(r.mapping("server"));
        Duration drain = r.duration("drainTimeout", Duration.ofSeconds(30), Duration.ofSeconds(1), MAX_DURATION);
        Duration warmup = r.duration("warmup", Duration.ZERO, Duration.ZERO, MAX_DURATION);
        List<Node> phaseNodes = r.list("phases");
        for (int i = 0; i < phases.size() && !warmup.isZero(); i++) {
            if (phases.get(i).name().equals(Scenario.WARMUP)) {
                throw r.error(phaseNodes.get(i), "phases[" + i + "].name", "a phase may not be named \""
                        + Scenario.WARMUP + "\" when warmup is set (the warm-up phase has that name)");
            }
        }
        GeneratorLimits generator = generator(r.mapping("generator"));
        List<String> phaseNames = new ArrayList<>(phases.stream().map(Phase::name).toList());
        if (!warmup.isZero()) {
            phaseNames.add(0, Scenario.WARMUP);
        }
        SloPaths paths = new SloPaths(SloPaths.unique(phaseNames),
                network.stream().map(NetworkSlice::name).toList(),
                SloPaths.unique(faults.stream().map(FaultStep::baseName).toList()));
        List<Slo> slos = new ArrayList<>();
        for (Node s : r.list("slo")) {
            if (!(s instanceof ScalarNode sn)) {
                throw r.error(s, "slo", "each SLO is one line like \"latency.e2e.p99 < 200ms\"");
            }
            try {
                Slo slo = Slo.parse(sn.getValue());
                paths.check(slo);
                slos.add(slo);
            } catch (IllegalArgumentException e) {
                throw r.error(s, "slo[" + slos.size() + "]", e.getMessage());
            }
        }
        r.finish();
        return new Scenario(name, description, seed, population, groups, phases, network, faults, server, slos, drain,
                warmup, generator, profiles);
    }

    private static Population population(MappingReader r) {
        int clients = (int) r.whole("clients", 100, 1, MAX_CLIENTS);
        double ramp = r.number("rampPerSec", 1000, 0.1, 1_000_000);
        TransportKind transport = TransportKind.valueOf(r.oneOf("transport", "local", List.of("local", "tcp", "ws"))
                .toUpperCase(Locale.ROOT));
        List<String> devices = r.strings("deviceTypes", List.of("android", "ios"));
        for (String d : devices) {
            if (!DEVICE_TYPES.contains(d.toLowerCase(Locale.ROOT))) {
                throw r.error(r.node(), r.qualify("deviceTypes"), "expected device types from "
                        + DEVICE_TYPES + ", got \"" + d + "\"");
            }
        }
        if (devices.isEmpty()) {
            throw r.error(r.node(), r.qualify("deviceTypes"), "needs at least one device type");
        }
        Duration heartbeat = r.duration("heartbeat", Duration.ofSeconds(30), Duration.ofMillis(100), Duration.ofHours(1));
        r.finish();
        return new Population(clients, ramp, transport, devices.stream().map(d -> d.toLowerCase(Locale.ROOT)).toList(),
                heartbeat);
    }

    private static GroupSpec groups(MappingReader r, int clients) {
        int count = (int) r.whole("count", 0, 0, 1_000_000);
        int min = (int) r.whole("minSize", Math.min(3, clients), 1, clients);
        int max = (int) r.whole("maxSize", Math.max(min, Math.min(10, clients)), 1, clients);
        if (max < min) {
            throw r.error(r.node(), r.qualify("maxSize"), "maxSize " + max + " is below minSize " + min);
        }
        r.finish();
        return count == 0 ? GroupSpec.NONE : new GroupSpec(count, min, max);
    }

    private static Phase phase(MappingReader r, GroupSpec groups) {
        String name = r.string("name", "steady");
        Duration duration = r.duration("duration", Duration.ofSeconds(10), Duration.ZERO, MAX_DURATION);
        MappingReader rr = r.mapping("rates");
        double max = 10_000_000;
        Rates rates = new Rates(rr.number("c2c", 0, 0, max), rr.number("c2g", 0, 0, max), rr.number("c2s", 0, 0, max),
                rr.number("s2c", 0, 0, max), rr.number("pulls", 0, 0, max), rr.number("kickouts", 0, 0, max));
        rr.finish();
        if (rates.c2g() > 0 && groups.count() == 0) {
            throw r.error(r.node(), r.qualify("rates.c2g"), "group messages need groups (groups.count > 0)");
        }
        double churn = r.number("churnPerSec", 0, 0, 1);
        double offline = r.number("offlineFraction", 0, 0, 1);
        r.finish();
        return new Phase(name, duration, rates, churn, offline);
    }

    private static NetworkSlice slice(MappingReader r, int index, Collection<String> profileNames) {
        String profile = r.string("profile", "");
        List<ToxicSpec> toxics = ToxicReader.list(r, "toxics");
        if (profile.isEmpty() == toxics.isEmpty()) {
            throw r.error(r.node(), r.qualify(profile.isEmpty() ? "profile" : "toxics"), profile.isEmpty()
                    ? "a network slice needs a profile or a list of toxics" : "a network slice has a profile or toxics, not both");
        }
        if (!profile.isEmpty()) {
            checkProfile(r, "profile", profile, profileNames);
        }
        double fraction = r.number("fraction", 1.0, 0, 1);
        r.finish();
        return new NetworkSlice(profile.isEmpty() ? NetworkSlice.INLINE + (index + 1) : profile, fraction, toxics);
    }

    private static void checkProfile(MappingReader r, String key, String profile, Collection<String> profileNames) {
        if (profileNames != null && !profileNames.contains(profile)) {
            throw r.error(r.node(), r.qualify(key), "unknown network profile \"" + profile
                    + "\"; known profiles: " + profileNames);
        }
    }

    private static FaultStep fault(MappingReader r, Collection<String> profileNames) {
        String action = r.string("action", "");
        FaultSyntax syntax = FaultSyntax.ALL.get(action);
        if (syntax == null) {
            throw r.error(r.node(), r.qualify("action"), (action.isEmpty() ? "missing" : "unknown fault action \""
                    + action + "\"") + "; this build runs " + FaultSyntax.names());
        }
        Duration at = r.duration("at", Duration.ZERO, Duration.ZERO, MAX_DURATION);
        refuseUnused(r, syntax, "target", syntax.target() == FaultSyntax.Target.NONE, "takes no target");
        refuseUnused(r, syntax, "fraction", !syntax.clients(), "concerns no clients");
        refuseUnused(r, syntax, "toxics", !syntax.toxics(), "takes no toxics");
        refuseUnused(r, syntax, "lasting", !syntax.lasts(), "happens at once and is not lifted");
        String target = r.string("target", "");
        if (target.isEmpty() && (syntax.target() == FaultSyntax.Target.PROFILE
                || syntax.target() == FaultSyntax.Target.REQUIRED)) {
            throw r.error(r.node(), r.qualify("target"), "missing; action " + action + " needs one");
        }
        if (syntax.target() == FaultSyntax.Target.PROFILE) {
            checkProfile(r, "target", target, profileNames);
        }
        double fraction = r.number("fraction", 1.0, 0, 1);
        if (syntax.clients() && fraction == 0) {
            throw r.error(r.node(), r.qualify("fraction"), "0 concerns no client: the fault would do nothing");
        }
        List<ToxicSpec> toxics = syntax.toxics() ? ToxicReader.list(r, "toxics") : List.of();
        if (syntax.toxics() && toxics.isEmpty()) {
            throw r.error(r.node(), r.qualify("toxics"), "missing; action " + action + " needs at least one toxic");
        }
        Duration lasting = r.duration("lasting", Duration.ZERO, Duration.ZERO, MAX_DURATION);
        Map<String, String> options = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, FaultSyntax.Option> o : syntax.options().entrySet()) {
            if (r.has(o.getKey())) {
                String text = r.string(o.getKey(), o.getValue().fallback());
                String why = o.getValue().check(text);
                if (why != null) {
                    throw r.error(r.keyNode(o.getKey()), r.qualify(o.getKey()), why);
                }
                options.put(o.getKey(), text);
            }
        }
        for (String key : r.keys()) {
            if (!List.of("at", "action", "target", "fraction", "toxics", "lasting").contains(key)
                    && !syntax.options().containsKey(key)) {
                throw r.error(r.keyNode(key), r.qualify(key), "action " + action + " has no setting " + key
                        + "; it takes " + accepted(syntax));
            }
        }
        r.finish();
        return new FaultStep(at, action, target, syntax.clients() ? fraction : 1.0, lasting, toxics, options);
    }

    private static void refuseUnused(MappingReader r, FaultSyntax syntax, String key, boolean unused, String why) {
        if (unused && r.has(key)) {
            throw r.error(r.keyNode(key), r.qualify(key), "action " + syntax.action() + " " + why
                    + ", so " + key + " would do nothing; it takes " + accepted(syntax));
        }
    }

    /** The keys an action's entry may have, for error messages. */
    static List<String> accepted(FaultSyntax s) {
        List<String> keys = new ArrayList<>(List.of("at", "action"));
        if (s.target() != FaultSyntax.Target.NONE) {
            keys.add("target");
        }
        if (s.clients()) {
            keys.add("fraction");
        }
        if (s.toxics()) {
            keys.add("toxics");
        }
        if (s.lasts()) {
            keys.add("lasting");
        }
        keys.addAll(s.options().keySet());
        return keys;
    }

    private static GeneratorLimits generator(MappingReader r) {
        GeneratorLimits d = GeneratorLimits.DEFAULTS;
        GeneratorLimits g = new GeneratorLimits(r.number("minAchieved", d.minAchievedFraction(), 0, 1),
                r.duration("maxLag", d.maxLagP99(), Duration.ofMillis(1), Duration.ofHours(1)));
        r.finish();
        return g;
    }

    private static ServerSettings server(MappingReader r) {
        ServerSettings d = ServerSettings.EMBEDDED;
        ServerSettings s = new ServerSettings(
                r.oneOf("storage", d.storage(), List.of("memory", "mysql")),
                r.oneOf("routing", d.routing(), List.of("memory", "redis")),
                r.oneOf("fanout", d.fanout(), List.of("write", "read")),
                (int) r.whole("shards", d.shards(), 1, 64),
                r.string("iplistUrl", d.iplistUrl()),
                r.string("toxiproxyUrl", d.toxiproxyUrl()),
                (int) r.whole("gates", d.gates(), 1, 16),
                (int) r.whole("logicNodes", d.logicNodes(), 0, 16),
                r.oneOf("processes", Boolean.toString(d.processes()), List.of("true", "false")).equals("true"));
        r.finish();
        return s;
    }

}
