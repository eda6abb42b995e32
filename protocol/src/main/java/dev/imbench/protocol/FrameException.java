package dev.imbench.protocol;

/**
 * A frame that could not be decoded, thrown by the blocking codec. Netty
 * pipelines receive the same information as a {@link BadFrame} message.
 */
public final class FrameException extends java.io.IOException {

    private final transient BadFrame badFrame;

    /** Wraps the decoder's verdict. */
    public FrameException(BadFrame badFrame) {
        super(badFrame.describe());
        this.badFrame = badFrame;
    }

    /** What was wrong, with the header fields that could be read. */
    public BadFrame badFrame() {
        return badFrame;
    }

    /** Shortcut for {@code badFrame().error()}. */
    public DecodeError error() {
        return badFrame.error();
    }
}
