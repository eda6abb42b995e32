package dev.imbench.server.queue;

/**
 * How much the c2s business queues may hold. A report is refused ({@link BusinessQueue#publish} answers
 * false, the client gets {@code ERR_OVERLOADED} and may resend) when its line holds {@code capacity}
 * reports or taking it would pass {@code maxLineBytes} on its line or {@code maxTotalBytes} over all
 * lines. A report costs {@link #cost} bytes: payload, sender and line name plus a fixed overhead, so many
 * tiny reports or many lines are bounded too.
 *
 * @param capacity      reports per line
 * @param maxLineBytes  bytes per line
 * @param maxTotalBytes bytes over every line
 */
public record QueueBounds(long capacity, long maxLineBytes, long maxTotalBytes) {

    /** Bytes counted per report on top of its payload, sender and line name. */
    public static final int OVERHEAD = 64;
    /** Defaults: 100 000 reports and 16 MiB per line, 64 MiB in all. */
    public static final QueueBounds DEFAULTS = new QueueBounds(100_000, 16L << 20, 64L << 20);

    /** Validates. */
    public QueueBounds {
        if (capacity <= 0 || maxLineBytes <= 0 || maxTotalBytes < maxLineBytes) {
            throw new IllegalArgumentException("need capacity > 0 and 0 < c2sLineMaxBytes <= c2sTotalMaxBytes: "
                    + capacity + ", " + maxLineBytes + ", " + maxTotalBytes);
        }
    }

    /** What {@code m} counts against the byte bounds. */
    public static long cost(BusinessMessage m) {
        return (long) m.payload().length + m.from().length() + m.business().length() + OVERHEAD;
    }
}
