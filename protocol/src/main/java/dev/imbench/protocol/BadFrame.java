package dev.imbench.protocol;

/**
 * A frame the decoder refused. The header fields are those read from the wire
 * (zero where they could not be read), so a server can answer with an
 * {@code ERROR_RESP} carrying the same {@code seq}.
 *
 * @param error  why it was refused
 * @param cmdId  the cmdId as read from the header
 * @param seq    the seq as read from the header
 * @param detail a human-readable explanation
 */
public record BadFrame(DecodeError error, int cmdId, int seq, String detail) implements Decoded {

    /** One line for logs and error responses. */
    public String describe() {
        return error + ": " + detail + " (cmdId=" + cmdId + ", seq=" + seq + ")";
    }
}
