/**
 * The imbench wire: the 20-byte frame header, the protobuf bodies named by
 * {@link dev.imbench.protocol.pb.CmdId}, and the codecs that turn bytes into
 * {@link dev.imbench.protocol.Frame}s and back, for Netty pipelines
 * ({@link dev.imbench.protocol.FrameDecoder}, {@link dev.imbench.protocol.FrameEncoder})
 * and for plain blocking sockets ({@link dev.imbench.protocol.BlockingFrameChannel}).
 *
 * <p>This is the only definition of the wire: the server, the simulator and the
 * Gatling simulation all use it. {@code protocol/README.md} documents it.
 */
package dev.imbench.protocol;
