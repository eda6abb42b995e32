package dev.imbench.protocol;

/**
 * Limits a decoder enforces before it trusts a header.
 *
 * @param maxBodyLength largest accepted bodyLength in bytes
 */
public record FrameLimits(int maxBodyLength) {

    /** Default largest body: 64 KiB. */
    public static final int DEFAULT_MAX_BODY_LENGTH = 64 * 1024;

    /** The defaults. */
    public static final FrameLimits DEFAULT = new FrameLimits(DEFAULT_MAX_BODY_LENGTH);

    /** Validates the limits. */
    public FrameLimits {
        if (maxBodyLength < 0) {
            throw new IllegalArgumentException("maxBodyLength must be >= 0, was " + maxBodyLength);
        }
    }
}
