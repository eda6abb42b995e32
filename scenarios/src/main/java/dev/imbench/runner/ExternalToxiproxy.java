package dev.imbench.runner;

import dev.imbench.chaos.toxic.Direction;
import dev.imbench.chaos.toxic.ToxicSpec;
import dev.imbench.runner.fault.FaultActions;
import dev.imbench.scenario.FaultStep;
import dev.imbench.scenario.NetworkSlice;
import dev.imbench.scenario.Scenario;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import eu.rekawek.toxiproxy.model.ToxicList;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * The clients' proxies on an external Toxiproxy ({@code server.toxiproxyUrl}), through
 * toxiproxy-java: one Toxiproxy proxy per group of clients, listening on the Toxiproxy's host at a
 * port it chooses, in front of the gate (which it must reach at the address the runner has). Proxies
 * are deleted when the run ends. Only Toxiproxy's own toxic types are accepted ({@link #TYPES}).
 */
final class ExternalToxiproxy implements ClientProxies {

    /** The toxic types Toxiproxy knows (imbench's {@code blackout} is not one). */
    static final Set<String> TYPES = Set.of("latency", "bandwidth", "slicer", "timeout", "reset_peer", "slow_close",
            "limit_data");

    private final URI url;
    private final ToxiproxyClient client;
    private final List<eu.rekawek.toxiproxy.Proxy> opened = new ArrayList<>();

    private ExternalToxiproxy(URI url) {
        this.url = url;
        this.client = new ToxiproxyClient(url.getHost(), url.getPort() < 0 ? 8474 : url.getPort());
    }

    /** A client of the Toxiproxy at {@code url} ({@code http://host:port}); checks that it answers. */
    static ExternalToxiproxy connect(String url) {
        URI u = URI.create(url);
        if (!"http".equals(u.getScheme()) || u.getHost() == null) {
            throw new IllegalArgumentException("server.toxiproxyUrl must be http://host:port, was " + url);
        }
        ExternalToxiproxy t = new ExternalToxiproxy(u);
        try {
            t.client.version();
        } catch (IOException e) {
            throw new IllegalStateException("no Toxiproxy answers at " + url + ": " + e.getMessage(), e);
        }
        return t;
    }

    /** The toxic types of the scenario's client network that Toxiproxy does not know. */
    static List<String> unsupportedToxics(Scenario s) {
        Set<String> out = new TreeSet<>();
        List<ToxicSpec> all = new ArrayList<>();
        for (NetworkSlice n : s.network()) {
            all.addAll(s.sliceToxics(n));
        }
        for (FaultStep f : s.faults()) {
            if (FaultActions.clientSide(f)) {
                all.addAll(f.action().equals("profile") ? s.profileToxics(f.target()) : f.toxics());
            }
        }
        all.stream().map(ToxicSpec::type).filter(t -> !TYPES.contains(t)).forEach(out::add);
        return List.copyOf(out);
    }

    @Override
    public synchronized Proxy open(String name, InetSocketAddress upstream, long seed, List<ToxicSpec> toxics)
            throws IOException {
        eu.rekawek.toxiproxy.Proxy old = client.getProxyOrNull(name);
        if (old != null) {
            old.delete(); // left over by a run that did not end cleanly
        }
        eu.rekawek.toxiproxy.Proxy p = client.createProxy(name, url.getHost() + ":0",
                upstream.getHostString() + ":" + upstream.getPort());
        opened.add(p);
        set(p, toxics);
        String listen = p.getListen();
        int port = Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
        InetSocketAddress address = new InetSocketAddress(url.getHost(), port);
        return new Proxy() {
            @Override
            public InetSocketAddress listen() {
                return address;
            }

            @Override
            public void setToxics(List<ToxicSpec> t) throws IOException {
                set(p, t);
            }

            @Override
            public void down() throws IOException {
                p.disable();
            }

            @Override
            public void up() throws IOException {
                p.enable();
            }
        };
    }

    private static void set(eu.rekawek.toxiproxy.Proxy p, List<ToxicSpec> toxics) throws IOException {
        ToxicList list = p.toxics();
        for (Toxic t : list.getAll()) {
            t.remove();
        }
        for (ToxicSpec t : toxics) {
            ToxicDirection d = t.stream() == Direction.UPSTREAM ? ToxicDirection.UPSTREAM : ToxicDirection.DOWNSTREAM;
            Toxic made = switch (t.type()) {
                case "latency" -> list.latency(t.name(), d, t.attr("latency")).setJitter(t.attr("jitter"));
                case "bandwidth" -> list.bandwidth(t.name(), d, t.attr("rate"));
                case "slicer" -> list.slicer(t.name(), d, t.attr("average_size"), t.attr("delay"))
                        .setSizeVariation(t.attr("size_variation"));
                case "timeout" -> list.timeout(t.name(), d, t.attr("timeout"));
                case "reset_peer" -> list.resetPeer(t.name(), d, t.attr("timeout"));
                case "slow_close" -> list.slowClose(t.name(), d, t.attr("delay"));
                case "limit_data" -> list.limitData(t.name(), d, t.attr("bytes"));
                default -> throw new IllegalArgumentException("Toxiproxy has no toxic of type " + t.type());
            };
            if (t.toxicity() != 1.0) {
                made.setToxicity((float) t.toxicity());
            }
        }
    }

    @Override
    public String description() {
        return "Toxiproxy at " + url;
    }

    @Override
    public synchronized void close() {
        for (eu.rekawek.toxiproxy.Proxy p : opened) {
            try {
                p.delete();
            } catch (IOException e) {
                // the Toxiproxy went away: nothing left to delete
            }
        }
        opened.clear();
    }
}
