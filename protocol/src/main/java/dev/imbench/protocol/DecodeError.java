package dev.imbench.protocol;

/**
 * Every way a frame can be refused, each with a distinct reason.
 *
 * <p>A <em>fatal</em> error means the byte stream can no longer be split into
 * frames (the header cannot be trusted), so the connection must be closed. A
 * non-fatal error concerns one frame only: its bytes are skipped and the next
 * frame is read normally.
 */
public enum DecodeError {
    /** headLength is not 20. */
    BAD_HEAD_LENGTH(true),
    /** bodyLength is below zero. */
    NEGATIVE_BODY_LENGTH(true),
    /** bodyLength is above the configured maximum ({@link FrameLimits#maxBodyLength()}). */
    BODY_TOO_LARGE(true),
    /** the stream ended inside a frame (blocking reader only). */
    TRUNCATED(true),
    /** cmdId is not in the {@link dev.imbench.protocol.pb.CmdId} table. */
    UNKNOWN_CMD(false),
    /** the body is not a valid protobuf message of the type its cmdId names. */
    MALFORMED_BODY(false);

    private final boolean fatal;

    DecodeError(boolean fatal) {
        this.fatal = fatal;
    }

    /** Whether the connection can no longer be read after this error. */
    public boolean fatal() {
        return fatal;
    }
}
