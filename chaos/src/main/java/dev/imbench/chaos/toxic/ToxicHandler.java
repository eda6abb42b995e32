package dev.imbench.chaos.toxic;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.SocketChannelConfig;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * Applies toxics to the raw bytes of one channel, both ways, in any Netty pipeline. Inbound bytes
 * ({@code channelRead}, then {@code channelInactive}) and outbound bytes ({@code write}, then
 * {@code close}) each pass through a chain of stages for their direction. Which direction is
 * "upstream" depends on the channel's {@link Side}.
 *
 * <p>Closes flow through the chain behind the data (latency delays a close as it delays data);
 * toxics that abort (timeout, reset_peer) close the channel at once, reset_peer with SO_LINGER 0 when
 * the channel is a socket.
 */
public final class ToxicHandler extends ChannelDuplexHandler {

    /** Which end of the connection this channel is. */
    public enum Side {
        /** The channel is the client: writes go upstream, reads come downstream. */
        CLIENT,
        /** The channel is the server's (or proxy's accepted) end: reads come upstream, writes go downstream. */
        SERVER
    }

    private final Side side;
    private final SplittableRandom random;
    private final LongSupplier clock;
    private volatile List<ToxicSpec> specs;
    private ChannelHandlerContext ctx;
    private ToxicChain inbound;
    private ToxicChain outbound;
    private boolean inRead;
    private boolean inWrite;
    private boolean inboundEnded;
    private ChannelPromise closePromise;

    /**
     * @param side   which end this channel is
     * @param specs  toxics of both directions, in chain order
     * @param random this connection's own generator (split per direction here)
     */
    public ToxicHandler(Side side, List<ToxicSpec> specs, SplittableRandom random) {
        this(side, specs, random, System::nanoTime);
    }

    /**
     * @param side   which end this channel is
     * @param specs  toxics of both directions, in chain order
     * @param random this connection's own generator (split per direction here)
     * @param clock  the toxics' nanosecond clock; it must advance with the channel's event loop
     *               (a test pairs a fake one with {@code EmbeddedChannel.advanceTimeBy})
     */
    public ToxicHandler(Side side, List<ToxicSpec> specs, SplittableRandom random, LongSupplier clock) {
        this.side = side;
        this.specs = List.copyOf(specs);
        this.random = random;
        this.clock = clock;
    }

    /** Replaces the toxics on this live connection (thread-safe; applied on the event loop). */
    public void update(List<ToxicSpec> newSpecs) {
        List<ToxicSpec> copy = List.copyOf(newSpecs);
        specs = copy;
        ChannelHandlerContext c = ctx;
        if (c != null && c.channel().isRegistered()) {
            c.executor().execute(() -> {
                if (inbound != null) {
                    inbound.update(copy);
                    outbound.update(copy);
                }
            });
        }
    }

    private void ensureChains() {
        if (inbound != null) {
            return;
        }
        Direction in = side == Side.CLIENT ? Direction.DOWNSTREAM : Direction.UPSTREAM;
        Direction out = side == Side.CLIENT ? Direction.UPSTREAM : Direction.DOWNSTREAM;
        SplittableRandom inRandom = random.split();
        SplittableRandom outRandom = random.split();
        inbound = new ToxicChain(in, ctx.executor(), inRandom, clock, new InboundTerminal());
        outbound = new ToxicChain(out, ctx.executor(), outRandom, clock, new OutboundTerminal());
        inbound.update(specs);
        outbound.update(specs);
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        this.ctx = ctx;
        if (ctx.channel().isRegistered()) {
            ensureChains();
        }
    }

    @Override
    public void channelRegistered(ChannelHandlerContext ctx) {
        ensureChains();
        ctx.fireChannelRegistered();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        ensureChains();
        inRead = true;
        try {
            inbound.data(buf, null);
        } finally {
            inRead = false;
        }
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        ensureChains();
        outbound.dispose();
        if (inboundEnded) {
            inbound.dispose();
            ctx.fireChannelInactive();
        } else {
            inbound.end();
        }
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.write(msg, promise);
            return;
        }
        ensureChains();
        inWrite = true;
        try {
            outbound.data(buf, promise);
        } finally {
            inWrite = false;
        }
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        ensureChains();
        if (closePromise != null || !ctx.channel().isActive()) {
            ctx.close(promise);
            return;
        }
        closePromise = promise;
        outbound.end();
    }

    /** Closes the channel at once, dropping held data (proxy down); thread-safe. */
    public void abort() {
        ChannelHandlerContext c = ctx;
        if (c != null) {
            c.executor().execute(() -> abortChannel(false));
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (inbound != null) {
            inbound.dispose();
            outbound.dispose();
        }
    }

    private void abortChannel(boolean rst) {
        if (rst && ctx.channel().isActive() && ctx.channel().config() instanceof SocketChannelConfig socket) {
            socket.setSoLinger(0);
        }
        ctx.close(closePromise != null ? closePromise : ctx.newPromise());
    }

    private final class InboundTerminal implements StageOutput {
        @Override
        public void data(ByteBuf data, ChannelPromise promise) {
            ctx.fireChannelRead(data);
            if (!inRead) {
                ctx.fireChannelReadComplete();
            }
        }

        @Override
        public void end() {
            if (inboundEnded) {
                return;
            }
            inboundEnded = true;
            if (ctx.channel().isActive()) {
                ctx.close(closePromise != null ? closePromise : ctx.newPromise());
            } else {
                inbound.dispose();
                ctx.fireChannelInactive();
            }
        }

        @Override
        public void abort(boolean rst) {
            abortChannel(rst);
        }
    }

    private final class OutboundTerminal implements StageOutput {
        @Override
        public void data(ByteBuf data, ChannelPromise promise) {
            ChannelPromise p = promise != null ? promise : ctx.voidPromise();
            if (inWrite) {
                ctx.write(data, p);
            } else {
                ctx.writeAndFlush(data, p);
            }
        }

        @Override
        public void end() {
            ChannelPromise p = closePromise != null ? closePromise : ctx.newPromise();
            closePromise = p;
            ctx.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener((ChannelFutureListener) f -> ctx.close(p));
        }

        @Override
        public void abort(boolean rst) {
            abortChannel(rst);
        }
    }
}
