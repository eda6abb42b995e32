package dev.imbench.server;

/** How a group message reaches its members. */
public enum FanoutMode {
    /** Write diffusion (the reference design's): one inbox row per member, written at send time. */
    WRITE,
    /** Read diffusion: one row in the group's timeline; members read it through a per-member cursor. */
    READ
}
