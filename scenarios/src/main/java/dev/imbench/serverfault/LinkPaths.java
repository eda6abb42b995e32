package dev.imbench.serverfault;

import dev.imbench.chaos.proxy.HostPort;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The gate-logic links of an in-process split topology, each through its own embedded proxy (one per
 * gate and logic node), so {@code partition-link} can black-hole every link of one gate, or all of them.
 */
public final class LinkPaths implements AutoCloseable {

    private final EventLoopGroup group = new MultiThreadIoEventLoopGroup(2,
            new DefaultThreadFactory("imbench-link-path", true), NioIoHandler.newFactory());
    private final Map<String, List<FaultedPath>> byGate = new LinkedHashMap<>();
    private final long seed;

    /** Link paths drawing toxics from {@code seed}. */
    public LinkPaths(long seed) {
        this.seed = seed;
    }

    /**
     * Starts the paths of gate {@code gateId} to every logic node and returns the gate's
     * {@code logicNodes} setting (the paths' addresses, in the logic nodes' order).
     */
    public synchronized String logicNodesFor(String gateId, List<HostPort> logicLinks) {
        List<FaultedPath> paths = new ArrayList<>();
        List<String> addresses = new ArrayList<>();
        for (int i = 0; i < logicLinks.size(); i++) {
            FaultedPath p = FaultedPath.start("link " + gateId + "-logic-" + (i + 1), group, logicLinks.get(i),
                    seed ^ (31L * byGate.size() + i));
            paths.add(p);
            addresses.add(p.listen().host() + ":" + p.listen().port());
        }
        byGate.put(gateId, List.copyOf(paths));
        return String.join(",", addresses);
    }

    /** The gates with link paths, in start order. */
    public synchronized List<String> gates() {
        return List.copyOf(byGate.keySet());
    }

    /** The paths of {@code gateId}, or of every gate when it is empty. */
    public synchronized List<FaultedPath> paths(String gateId) {
        if (gateId.isEmpty()) {
            return byGate.values().stream().flatMap(List::stream).toList();
        }
        List<FaultedPath> p = byGate.get(gateId);
        if (p == null) {
            throw new IllegalArgumentException("no gate " + gateId + "; gates: " + byGate.keySet());
        }
        return p;
    }

    @Override
    public synchronized void close() {
        byGate.values().forEach(l -> l.forEach(FaultedPath::close));
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly();
    }
}
