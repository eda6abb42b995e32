package dev.imbench.server.gate;

import dev.imbench.server.metrics.ServerMetrics;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.AttributeKey;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Caps the connections of a listener group: at most {@code maxConnections} open at once, and at most
 * {@code maxPerAddress} from one source IP address (0 = no per-address cap; in-JVM channels have none).
 * A connection past a cap is closed at once and counted ({@code imbench_connections_refused_total}).
 * Sharable: first in every pipeline of the listeners it guards.
 */
@ChannelHandler.Sharable
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {

    private static final AttributeKey<Boolean> COUNTED = AttributeKey.valueOf("imbench.counted");

    private final int maxConnections;
    private final int maxPerAddress;
    private final ServerMetrics metrics;
    private final AtomicInteger open = new AtomicInteger();
    private final ConcurrentHashMap<InetAddress, AtomicInteger> perAddress = new ConcurrentHashMap<>();

    /** A limiter counting refusals in {@code metrics}. */
    public ConnectionLimiter(int maxConnections, int maxPerAddress, ServerMetrics metrics) {
        this.maxConnections = maxConnections;
        this.maxPerAddress = maxPerAddress;
        this.metrics = metrics;
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
        InetAddress from = ctx.channel().remoteAddress() instanceof InetSocketAddress a ? a.getAddress() : null;
        boolean tooMany = open.incrementAndGet() > maxConnections;
        if (from != null && maxPerAddress > 0) {
            tooMany |= perAddress.computeIfAbsent(from, k -> new AtomicInteger()).incrementAndGet() > maxPerAddress;
        }
        ctx.channel().attr(COUNTED).set(Boolean.TRUE);
        if (tooMany) {
            metrics.connectionRefused();
            ctx.close();
            return; // never reaches the gate handler: no session is opened
        }
        super.channelActive(ctx);
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        if (ctx.channel().attr(COUNTED).getAndSet(null) != null) {
            open.decrementAndGet();
            if (ctx.channel().remoteAddress() instanceof InetSocketAddress a && maxPerAddress > 0) {
                perAddress.computeIfPresent(a.getAddress(), (k, n) -> n.decrementAndGet() <= 0 ? null : n);
            }
        }
        super.channelInactive(ctx);
    }

    /** Connections open now (through this limiter). */
    public int open() {
        return open.get();
    }
}
