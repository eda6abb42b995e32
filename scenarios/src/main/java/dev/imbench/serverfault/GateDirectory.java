package dev.imbench.serverfault;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntFunction;
import java.util.function.Supplier;

/**
 * Where a client connects, as a mobile client finds its gate: the gates {@code GET /iplist} lists
 * (asked of any live node; the answer is shared by the simulator's clients for {@link #MAX_AGE}, as a
 * device caches it), client {@code i} first on gate {@code i % n}, and on each later connect the next
 * listed gate: a client whose gate died (still listed until its entry expires) is refused there and
 * lands on a live gate at its next attempt (after the client's own backoff).
 */
public final class GateDirectory implements IntFunction<InetSocketAddress> {

    /** How long one iplist answer is used. */
    static final Duration MAX_AGE = Duration.ofMillis(500);

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Supplier<List<URI>> iplists;
    private final AtomicIntegerArray connects;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    private volatile List<InetSocketAddress> gates;
    private volatile long fetchedAtNanos;
    private final Object refresh = new Object();

    /**
     * @param iplists  the {@code /iplist} URLs of the nodes alive now (asked in order until one answers)
     * @param initial  the gates at start (used until an iplist answers)
     * @param clients  how many clients will ask
     */
    public GateDirectory(Supplier<List<URI>> iplists, List<InetSocketAddress> initial, int clients) {
        this.iplists = iplists;
        this.gates = List.copyOf(initial);
        this.connects = new AtomicIntegerArray(Math.max(1, clients));
        this.fetchedAtNanos = System.nanoTime();
    }

    @Override
    public InetSocketAddress apply(int client) {
        List<InetSocketAddress> g = current();
        int k = client < connects.length() ? connects.getAndIncrement(client) : 0;
        return g.get(Math.floorMod(client + k, g.size()));
    }

    /** The gates listed now (the last answer younger than {@link #MAX_AGE}, else a new one). */
    public List<InetSocketAddress> current() {
        if (System.nanoTime() - fetchedAtNanos < MAX_AGE.toNanos()) {
            return gates;
        }
        synchronized (refresh) {
            if (System.nanoTime() - fetchedAtNanos >= MAX_AGE.toNanos()) {
                List<InetSocketAddress> fresh = fetch();
                if (!fresh.isEmpty()) {
                    gates = fresh;
                }
                fetchedAtNanos = System.nanoTime(); // no node answered: keep the last list until the next try
            }
            return gates;
        }
    }

    private List<InetSocketAddress> fetch() {
        for (URI u : iplists.get()) {
            try {
                HttpResponse<String> r = http.send(HttpRequest.newBuilder(u).timeout(Duration.ofSeconds(1)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() != 200) {
                    continue;
                }
                List<InetSocketAddress> out = new ArrayList<>();
                for (JsonNode g : JSON.readTree(r.body()).path("gates")) {
                    String tcp = g.path("tcp").asText("");
                    int colon = tcp.lastIndexOf(':');
                    if (colon > 0) {
                        out.add(new InetSocketAddress(tcp.substring(0, colon), Integer.parseInt(tcp.substring(colon + 1))));
                    }
                }
                return out;
            } catch (IOException | RuntimeException e) {
                // this node is not answering: ask the next one
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return List.of();
            }
        }
        return List.of();
    }
}
