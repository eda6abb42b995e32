package dev.imbench.chaos;

import io.netty.buffer.ByteBuf;
import java.util.SplittableRandom;

/** What a {@link Toxic} can do with its connection. */
public interface ToxicContext {

    /** Passes a chunk on to the next toxic, or out of the chain. */
    void forward(ByteBuf chunk);

    /** Runs a task on the connection's event loop after a delay. */
    void schedule(Runnable task, long delayNanos);

    /** Now, in nanoseconds (System.nanoTime). */
    long nanoTime();

    /** Closes the connection normally. */
    void close();

    /** Closes the connection with a TCP RST where the channel is a socket (SO_LINGER 0), else closes it. */
    void reset();

    /** A seed shared by every toxic of this connection, both directions (to keep them in step). */
    long connectionSeed();

    /** When the connection's toxics were first set up (System.nanoTime). */
    long connectedAtNanos();

    /** The connection's seeded generator for this toxic. */
    SplittableRandom random();
}
