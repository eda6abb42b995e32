package dev.imbench.chaos.proxy;

import dev.imbench.chaos.toxic.Direction;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Copies bytes read on one channel to its peer, with backpressure (stops reading while the peer is
 * not writable), and closes the peer after flushing when this side closes.
 */
final class RelayHandler extends ChannelInboundHandlerAdapter {

    private final Channel peer;
    private final ProxyMetrics metrics;
    private final Direction direction;

    RelayHandler(Channel peer, ProxyMetrics metrics, boolean clientSide) {
        this.peer = peer;
        this.metrics = metrics;
        this.direction = clientSide ? Direction.UPSTREAM : Direction.DOWNSTREAM;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            int n = buf.readableBytes();
            metrics.received(direction, n);
            metrics.sent(direction, n);
        }
        peer.write(msg, peer.voidPromise());
        if (!peer.isWritable()) {
            // stop reading before flushing: a flush that drains at once fires the writability event
            // (which turns reading back on) synchronously
            ctx.channel().config().setAutoRead(false);
            peer.flush();
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        peer.flush();
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            peer.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        if (peer.isActive()) {
            peer.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        ctx.close();
    }
}
