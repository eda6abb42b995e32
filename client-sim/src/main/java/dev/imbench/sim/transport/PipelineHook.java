package dev.imbench.sim.transport;

import io.netty.channel.ChannelPipeline;

/**
 * The insertion point for weak-network toxics on the local transport: called
 * once per new client channel, before the frame codec, so handlers added here
 * see raw bytes in both directions (as a proxy on the wire would).
 */
@FunctionalInterface
public interface PipelineHook {

    /** Adds handlers for the given client to the start of its pipeline. */
    void install(ChannelPipeline pipeline, int clientIndex);

    /** No toxics. */
    PipelineHook NONE = (pipeline, clientIndex) -> { };
}
