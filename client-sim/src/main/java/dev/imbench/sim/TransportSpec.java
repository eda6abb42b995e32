package dev.imbench.sim;

import dev.imbench.sim.transport.PipelineHook;
import io.netty.channel.local.LocalAddress;
import java.net.InetSocketAddress;

/** Which transport the clients use, and where the gate is. */
public sealed interface TransportSpec {

    /**
     * TCP to a gate or a proxy in front of it.
     *
     * @param gate            target address
     * @param sourceAddresses loopback source addresses to spread clients over (127.0.0.1..N), 0 for the OS default
     * @param route           per-client target (null: every client to {@code gate}), e.g. weak-network proxies
     */
    record Tcp(InetSocketAddress gate, int sourceAddresses, java.util.function.IntFunction<InetSocketAddress> route)
            implements TransportSpec {
        /** Validates the count. */
        public Tcp {
            if (sourceAddresses < 0 || sourceAddresses > 254) {
                throw new IllegalArgumentException("sourceAddresses must be 0..254");
            }
        }

        /** Every client to {@code gate}. */
        public Tcp(InetSocketAddress gate, int sourceAddresses) {
            this(gate, sourceAddresses, null);
        }

        /** Where client {@code index} connects: its route (e.g. a proxy carrying its network profile), else the gate. */
        public InetSocketAddress target(int index) {
            return route == null ? gate : route.apply(index);
        }
    }

    /**
     * WebSocket binary messages, one frame each, to the gate's WebSocket endpoint.
     *
     * @param uri   e.g. {@code ws://127.0.0.1:8081/ws}
     * @param route per-client endpoint (null: every client to {@code uri}), e.g. through weak-network proxies
     */
    record Ws(java.net.URI uri, java.util.function.IntFunction<java.net.URI> route) implements TransportSpec {
        /** Checks the scheme. */
        public Ws {
            if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme())) {
                throw new IllegalArgumentException("a WebSocket URI starts with ws:// or wss://, was " + uri);
            }
        }

        /** Every client to {@code uri}. */
        public Ws(java.net.URI uri) {
            this(uri, null);
        }

        /** Where client {@code index} connects: its route, else {@code uri}. */
        public java.net.URI target(int index) {
            return route == null ? uri : route.apply(index);
        }
    }

    /**
     * In-JVM Netty local channels into the server's local address.
     *
     * @param server    the server's {@link LocalAddress}
     * @param ioThreads client-side event-loop threads
     * @param hook      toxic insertion point ({@link PipelineHook#NONE})
     */
    record Local(LocalAddress server, int ioThreads, PipelineHook hook) implements TransportSpec {
        /** Validates the thread count. */
        public Local {
            if (ioThreads < 1) {
                throw new IllegalArgumentException("ioThreads must be >= 1");
            }
        }
    }
}
