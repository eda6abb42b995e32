package dev.imbench.protocol;

/** What a decoder yields for each frame on the wire: a good frame or a refusal. */
public sealed interface Decoded permits Frame, BadFrame {
}
