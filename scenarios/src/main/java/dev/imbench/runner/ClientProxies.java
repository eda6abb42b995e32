package dev.imbench.runner;

import dev.imbench.chaos.toxic.ToxicSpec;
import java.net.InetSocketAddress;
import java.util.List;

/**
 * Where the TCP and WebSocket clients' weak-network proxies run: embedded in this JVM
 * ({@link EmbeddedProxies}) or on the external Toxiproxy of {@code server.toxiproxyUrl}
 * ({@link ExternalToxiproxy}).
 */
interface ClientProxies extends AutoCloseable {

    /** One proxy in front of the gate. */
    interface Proxy {
        /** Where clients connect to go through it. */
        InetSocketAddress listen();

        /** Replaces its toxics, on live connections too. */
        void setToxics(List<ToxicSpec> toxics) throws Exception;

        /** Closes its listener and every connection (new connections refused) until {@link #up()}. */
        void down() throws Exception;

        /** Listens again on the same address. */
        void up() throws Exception;
    }

    /**
     * Opens a proxy named {@code name} in front of {@code upstream}, carrying {@code toxics}.
     *
     * @param seed the seed of its toxicity draws (embedded proxies; an external Toxiproxy draws its own)
     */
    Proxy open(String name, InetSocketAddress upstream, long seed, List<ToxicSpec> toxics) throws Exception;

    /** What they are, for the event log. */
    String description();

    @Override
    void close();
}
