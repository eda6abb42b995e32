package dev.imbench.chaos;

import dev.imbench.chaos.toxic.SlowCloseToxic;
import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPromise;
import io.netty.channel.socket.SocketChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * Applies toxics to the raw bytes of one connection, in both directions,
 * inside any Netty pipeline: put it before the codec. The toxics in force come
 * from a supplier consulted at every chunk, so they can change while the
 * connection lives; a changed list is instantiated afresh (toxicity drawn
 * again), and the toxics it replaces release what they held.
 *
 * <p>On a client's own channel writes are {@link Direction#UPSTREAM} and reads
 * {@link Direction#DOWNSTREAM}; on a proxy's client-facing channel it is the
 * other way round ({@code clientSide = false}).
 */
public final class ToxicHandler extends ChannelDuplexHandler {

    private final Supplier<List<ToxicSpec>> toxics;
    private final SplittableRandom random;
    private final boolean clientSide;
    private final long connectionSeed;
    private final long connectedAt = System.nanoTime();
    private List<ToxicSpec> current;
    private Chain outbound;
    private Chain inbound;

    /**
     * A handler for one connection.
     *
     * @param toxics     the toxics in force (the same list instance means "unchanged")
     * @param random     this connection's seeded generator (toxicity draws, jitter)
     * @param clientSide whether this pipeline is the client's own (writes go upstream)
     */
    public ToxicHandler(Supplier<List<ToxicSpec>> toxics, SplittableRandom random, boolean clientSide) {
        this.toxics = toxics;
        this.random = random;
        this.connectionSeed = random.nextLong();
        this.clientSide = clientSide;
    }

    private void refresh(ChannelHandlerContext ctx) {
        List<ToxicSpec> now = toxics.get();
        if (now == current) {
            return;
        }
        Chain oldOut = outbound;
        Chain oldIn = inbound;
        current = now;
        Direction outDir = clientSide ? Direction.UPSTREAM : Direction.DOWNSTREAM;
        outbound = new Chain(ctx, now, outDir, true);
        inbound = new Chain(ctx, now, outDir == Direction.UPSTREAM ? Direction.DOWNSTREAM : Direction.UPSTREAM, false);
        if (oldOut != null) {
            oldOut.remove();
            oldIn.remove();
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.fireChannelRead(msg);
            return;
        }
        refresh(ctx);
        inbound.enter(buf);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (!(msg instanceof ByteBuf buf)) {
            ctx.write(msg, promise);
            return;
        }
        refresh(ctx);
        // The bytes are accepted now, as a proxy accepts them; they leave when the toxics let them.
        promise.trySuccess();
        outbound.enter(buf);
    }

    @Override
    public void close(ChannelHandlerContext ctx, ChannelPromise promise) {
        refresh(ctx);
        long delay = Math.max(outbound.slowCloseMs(), inbound.slowCloseMs());
        if (delay > 0) {
            ctx.executor().schedule(() -> ctx.close(promise), delay, TimeUnit.MILLISECONDS);
        } else {
            ctx.close(promise);
        }
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (outbound != null) {
            outbound.remove();
            inbound.remove();
        }
    }

    /** The toxics of one direction, as a chain of stages ending in the pipeline. */
    private final class Chain {
        private final ChannelHandlerContext ctx;
        private final boolean outboundDir;
        private final List<Toxic> stages = new ArrayList<>();
        private final List<ToxicContext> contexts = new ArrayList<>();
        private long slowCloseMs;

        Chain(ChannelHandlerContext ctx, List<ToxicSpec> specs, Direction dir, boolean outboundDir) {
            this.ctx = ctx;
            this.outboundDir = outboundDir;
            for (ToxicSpec s : specs) {
                if (s.stream() != dir) {
                    continue;
                }
                SplittableRandom r = random.split();
                if (r.nextDouble() >= s.toxicity()) {
                    continue; // this connection escaped this toxic
                }
                Toxic t = Toxics.create(s);
                if (t instanceof SlowCloseToxic sc) {
                    slowCloseMs = Math.max(slowCloseMs, sc.delayMs());
                }
                stages.add(t);
                contexts.add(new StageContext(this, stages.size(), r));
            }
        }

        void enter(ByteBuf buf) {
            pass(0, buf);
        }

        void pass(int stage, ByteBuf buf) {
            if (stage < stages.size()) {
                stages.get(stage).onChunk(buf, contexts.get(stage));
            } else if (!ctx.channel().isActive() && !ctx.channel().isOpen()) {
                buf.release();
            } else if (outboundDir) {
                ctx.writeAndFlush(buf, ctx.voidPromise());
            } else {
                ctx.fireChannelRead(buf);
            }
        }

        long slowCloseMs() {
            return slowCloseMs;
        }

        void remove() {
            for (int i = 0; i < stages.size(); i++) {
                stages.get(i).onRemove(contexts.get(i));
            }
        }
    }

    private final class StageContext implements ToxicContext {
        private final Chain chain;
        private final int next;
        private final SplittableRandom random;

        StageContext(Chain chain, int next, SplittableRandom random) {
            this.chain = chain;
            this.next = next;
            this.random = random;
        }

        @Override
        public void forward(ByteBuf chunk) {
            chain.pass(next, chunk);
        }

        @Override
        public void schedule(Runnable task, long delayNanos) {
            chain.ctx.executor().schedule(task, delayNanos, TimeUnit.NANOSECONDS);
        }

        @Override
        public long nanoTime() {
            return System.nanoTime();
        }

        @Override
        public void close() {
            chain.ctx.channel().close();
        }

        @Override
        public void reset() {
            if (chain.ctx.channel() instanceof SocketChannel s) {
                s.config().setOption(ChannelOption.SO_LINGER, 0);
            }
            chain.ctx.channel().close();
        }

        @Override
        public long connectionSeed() {
            return connectionSeed;
        }

        @Override
        public long connectedAtNanos() {
            return connectedAt;
        }

        @Override
        public SplittableRandom random() {
            return random;
        }
    }
}
