package dev.imbench.chaos.toxic;

import io.netty.util.concurrent.EventExecutor;
import java.util.SplittableRandom;
import java.util.function.LongSupplier;

/**
 * What a stage may use: the connection's event loop, its own seeded generator, a nanosecond clock,
 * and a way to abort the connection (for toxics acting on timers, such as timeout).
 *
 * @param executor the channel's event loop
 * @param random   a generator for this connection and direction only
 * @param clock    nanoTime source
 * @param output   the stage's output (to abort or end from a timer)
 */
public record StageContext(EventExecutor executor, SplittableRandom random, LongSupplier clock, StageOutput output) {
}
