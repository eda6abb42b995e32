package dev.imbench.protocol;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;

/**
 * Frames over plain blocking streams, for clients on virtual threads. Uses the
 * same validation and encoding as the Netty codec ({@link FrameCodec}).
 *
 * <p>Reads are for one thread at a time and writes for one thread at a time
 * (writes are serialised internally, so several threads may write).
 */
public final class BlockingFrameChannel implements AutoCloseable {

    private final InputStream in;
    private final OutputStream out;
    private final FrameLimits limits;
    private final byte[] header = new byte[FrameHeader.LENGTH];
    private final Object writeLock = new Object();

    /**
     * Read-ahead per connection: frames are small (a c2c frame is about 150 bytes), and a body larger
     * than this is read straight into its own array, so a bigger buffer only costs heap (18 000
     * simulated clients held 8 KiB each for reading and 8 KiB for writing before).
     */
    static final int READ_BUFFER = 1024;

    /**
     * Frames over the given streams; reads are buffered here, and each frame is written to {@code out}
     * in one call (give it a stream that sends each call as it comes, like a socket's).
     */
    public BlockingFrameChannel(InputStream in, OutputStream out, FrameLimits limits) {
        this.in = new BufferedInputStream(in, READ_BUFFER);
        this.out = out;
        this.limits = limits;
    }

    /** Frames over a connected socket with default limits. */
    public static BlockingFrameChannel of(Socket socket) throws IOException {
        return new BlockingFrameChannel(socket.getInputStream(), socket.getOutputStream(), FrameLimits.DEFAULT);
    }

    /**
     * Reads the next frame.
     *
     * @return the frame, or null at a clean end of stream (between frames)
     * @throws FrameException for a refused frame; after a non-fatal one the
     *                        channel may be read again, after a fatal one it may not
     */
    public Frame read() throws IOException {
        int first = in.read();
        if (first < 0) {
            return null;
        }
        header[0] = (byte) first;
        readFully(header, 1, FrameHeader.LENGTH - 1, 0, 0);
        FrameHeader h = FrameHeader.read(header);
        BadFrame refused = FrameCodec.checkHeader(h, limits);
        if (refused != null) {
            throw new FrameException(refused);
        }
        byte[] body = new byte[h.bodyLength()];
        readFully(body, 0, body.length, h.cmdId(), h.seq());
        Decoded decoded = FrameCodec.parseBody(h, body, 0, body.length);
        return switch (decoded) {
            case Frame f -> f;
            case BadFrame bad -> throw new FrameException(bad);
        };
    }

    /** Writes and flushes one frame: one write of its encoded bytes (one send on a socket). */
    public void write(Frame frame) throws IOException {
        byte[] bytes = FrameCodec.encode(frame);
        synchronized (writeLock) {
            out.write(bytes);
            out.flush();
        }
    }

    private void readFully(byte[] b, int off, int len, int cmdId, int seq) throws IOException {
        int done = 0;
        while (done < len) {
            int n = in.read(b, off + done, len - done);
            if (n < 0) {
                throw new FrameException(new BadFrame(DecodeError.TRUNCATED, cmdId, seq,
                        "stream ended after " + (off + done) + " of " + (off + len) + " bytes"));
            }
            done += n;
        }
    }

    @Override
    public void close() throws IOException {
        try {
            in.close();
        } finally {
            out.close();
        }
    }

}
