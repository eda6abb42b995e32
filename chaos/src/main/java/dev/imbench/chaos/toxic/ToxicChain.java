package dev.imbench.chaos.toxic;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.EventExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * The ordered stages of one direction of one connection, ending in a terminal output (the channel).
 * Toxicity is drawn when a stage is opened: once per connection and direction, again on update.
 * Not thread-safe: used on the channel's event loop only.
 */
final class ToxicChain {

    private static final ToxicStage PASS = (data, promise, out) -> out.data(data, promise);

    private final class Entry implements StageOutput {
        final ToxicSpec spec;
        ToxicStage stage;

        Entry(ToxicSpec spec) {
            this.spec = spec;
        }

        private StageOutput next() {
            int i = entries.indexOf(this);
            return i < 0 || i + 1 >= entries.size() ? terminal : entries.get(i + 1);
        }

        @Override
        public void data(ByteBuf data, ChannelPromise promise) {
            StageOutput n = next();
            if (n instanceof Entry e) {
                e.stage.data(data, promise, e);
            } else {
                n.data(data, promise);
            }
        }

        @Override
        public void end() {
            StageOutput n = next();
            if (n instanceof Entry e) {
                e.stage.end(e);
            } else {
                n.end();
            }
        }

        @Override
        public void abort(boolean rst) {
            terminal.abort(rst);
        }
    }

    private final Direction direction;
    private final EventExecutor executor;
    private final SplittableRandom random;
    private final LongSupplier clock;
    private final StageOutput terminal;
    private List<Entry> entries = new ArrayList<>();

    ToxicChain(Direction direction, EventExecutor executor, SplittableRandom random, LongSupplier clock, StageOutput terminal) {
        this.direction = direction;
        this.executor = executor;
        this.random = random;
        this.clock = clock;
        this.terminal = terminal;
    }

    /** True when no toxic applies to this direction. */
    boolean isEmpty() {
        return entries.isEmpty();
    }

    void data(ByteBuf data, ChannelPromise promise) {
        if (entries.isEmpty()) {
            terminal.data(data, promise);
        } else {
            Entry e = entries.get(0);
            e.stage.data(data, promise, e);
        }
    }

    void end() {
        if (entries.isEmpty()) {
            terminal.end();
        } else {
            Entry e = entries.get(0);
            e.stage.end(e);
        }
    }

    /**
     * Replaces the toxics of this direction: unchanged ones keep their stage (and their draw),
     * removed or changed ones hand over held data and are replaced by freshly drawn stages.
     */
    void update(List<ToxicSpec> specs) {
        List<Entry> next = new ArrayList<>();
        List<Entry> kept = new ArrayList<>();
        for (ToxicSpec spec : specs) {
            if (spec.stream() != direction) {
                continue;
            }
            Entry old = entries.stream().filter(e -> e.spec.equals(spec)).findFirst().orElse(null);
            if (old != null) {
                kept.add(old);
                next.add(old);
            } else {
                next.add(new Entry(spec));
            }
        }
        for (Entry old : List.copyOf(entries)) {
            if (!kept.contains(old)) {
                old.stage.detach(old);
            }
        }
        entries = next;
        for (Entry e : next) {
            if (e.stage == null) {
                boolean toxic = random.nextDouble() < e.spec.toxicity();
                e.stage = toxic
                    ? ToxicRegistry.require(e.spec.type()).open(e.spec,
                        new StageContext(executor, random.split(), clock, e))
                    : PASS;
            }
        }
    }

    /** Drops held data and stops timers (the connection is gone). */
    void dispose() {
        StageOutput discard = new StageOutput() {
            @Override
            public void data(ByteBuf data, ChannelPromise promise) {
                ToxicStage.drop(data, promise);
            }

            @Override
            public void end() {
            }

            @Override
            public void abort(boolean rst) {
            }
        };
        List<Entry> old = entries;
        entries = new ArrayList<>();
        for (Entry e : old) {
            e.stage.detach(discard);
        }
    }
}
