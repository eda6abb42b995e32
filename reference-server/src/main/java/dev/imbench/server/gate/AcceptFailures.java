package dev.imbench.server.gate;

import dev.imbench.server.metrics.ServerMetrics;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.internal.logging.InternalLogger;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Last handler of a listening channel: a connection the kernel queued but the process could not accept
 * (most often {@code Too many open files}: the process is at its descriptor limit) is counted
 * ({@code imbench_accept_failures_total}) and said once, clearly, with what to do, instead of a warning
 * per failed accept. Netty's acceptor, before it, has already paused accepting for a second; the
 * connections open go on being served and the queued ones are accepted when descriptors are free again.
 * Sharable: one per server, on every listener.
 */
@ChannelHandler.Sharable
public final class AcceptFailures extends ChannelInboundHandlerAdapter {

    private static final InternalLogger LOG = InternalLoggerFactory.getInstance(AcceptFailures.class);

    private final ServerMetrics metrics;
    private final AtomicBoolean said = new AtomicBoolean();

    /** Counts in {@code metrics}. */
    public AcceptFailures(ServerMetrics metrics) {
        this.metrics = metrics;
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        metrics.acceptFailed();
        if (said.compareAndSet(false, true)) {
            boolean outOfDescriptors = cause instanceof IOException && String.valueOf(cause.getMessage())
                    .contains("Too many open files");
            LOG.warn(outOfDescriptors
                    ? "{}: out of file descriptors ({}): new connections wait in the accept queue (retried every"
                            + " second) while the {} open go on being served; raise `ulimit -n` or lower maxConnections."
                            + " Counted in imbench_accept_failures_total; said once."
                    : "{}: accept failed ({}); {} connections open go on being served. Counted in"
                            + " imbench_accept_failures_total; said once.",
                    ctx.channel().localAddress(), cause.toString(), metrics.connections());
        }
    }
}
