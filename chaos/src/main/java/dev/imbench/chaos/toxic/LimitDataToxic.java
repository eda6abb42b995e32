package dev.imbench.chaos.toxic;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelPromise;
import java.util.Map;

/**
 * {@code limit_data}: forwards exactly {@code bytes} bytes in total on this connection and direction,
 * then closes the connection (after those bytes are written).
 */
public final class LimitDataToxic implements Toxic {

    @Override
    public String type() {
        return "limit_data";
    }

    @Override
    public Map<String, Long> defaults() {
        return Map.of("bytes", 0L);
    }

    @Override
    public ToxicStage open(ToxicSpec spec, StageContext context) {
        long limit = spec.attr("bytes");
        return new ToxicStage() {
            private long passed;
            private boolean closed;

            @Override
            public void data(ByteBuf data, ChannelPromise promise, StageOutput out) {
                if (closed) {
                    ToxicStage.drop(data, promise);
                    return;
                }
                long room = limit - passed;
                if (data.readableBytes() <= room) {
                    passed += data.readableBytes();
                    out.data(data, promise);
                } else {
                    passed = limit;
                    ByteBuf part = data.readRetainedSlice((int) room);
                    ToxicStage.drop(data, promise);
                    if (part.isReadable()) {
                        out.data(part, null);
                    } else {
                        part.release();
                    }
                }
                if (passed >= limit) {
                    closed = true;
                    out.end();
                }
            }

            @Override
            public void end(StageOutput out) {
                if (!closed) {
                    closed = true;
                    out.end();
                }
            }
        };
    }
}
