package dev.imbench.chaos.toxic;

import io.netty.channel.ChannelPipeline;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Installs toxics into a client-side pipeline (e.g. the client simulator's in-JVM transport, through
 * its {@code PipelineHook}): the channel is the client, so upstream toxics act on writes and
 * downstream toxics on reads. Call before the frame codec is added so the toxics see raw bytes.
 */
public final class ToxicInstaller {

    /** Name of the installed handler in the pipeline. */
    public static final String HANDLER_NAME = "imbench-toxics";

    private ToxicInstaller() {
    }

    /**
     * Adds a {@link ToxicHandler} at the end of the pipeline (so later handlers see its output).
     *
     * @param pipeline a client channel's pipeline
     * @param toxics   toxics of both directions, in chain order
     * @param random   this client's own generator (derived from the run seed and the client, as client-sim's {@code Seeds} does)
     * @return the handler, whose {@link ToxicHandler#update(List)} changes toxics live
     */
    public static ToxicHandler install(ChannelPipeline pipeline, List<ToxicSpec> toxics, SplittableRandom random) {
        ToxicHandler handler = new ToxicHandler(ToxicHandler.Side.CLIENT, toxics, random);
        pipeline.addLast(HANDLER_NAME, handler);
        return handler;
    }
}
