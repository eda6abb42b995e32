package dev.imbench.sim.transport;

import dev.imbench.protocol.BadFrame;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.FrameCodec;
import dev.imbench.protocol.FrameLimits;
import dev.imbench.protocol.WsFrameMessages;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

/**
 * WebSocket connections (the H5 clients of the design): each binary message
 * carries exactly one frame (20-byte header + body), as the gate's endpoint
 * expects. Uses the JDK's {@link java.net.http.WebSocket}.
 */
public final class WsTransport implements Transport {

    private final IntFunction<URI> target;
    private final int connectTimeoutMillis;
    private final HttpClient http;

    /** WebSocket connections to {@code uri}, e.g. {@code ws://127.0.0.1:8081/ws}. */
    public WsTransport(URI uri, int connectTimeoutMillis) {
        this(i -> uri, connectTimeoutMillis);
    }

    /** WebSocket connections, client {@code i} to {@code target.apply(i)} (e.g. a proxy in front of the gate). */
    public WsTransport(IntFunction<URI> target, int connectTimeoutMillis) {
        this.target = target;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.http = HttpClient.newBuilder().connectTimeout(Duration.ofMillis(connectTimeoutMillis))
                .executor(Executors.newVirtualThreadPerTaskExecutor()).build();
    }

    @Override
    public Connection connect(int clientIndex, TransportListener listener) throws IOException {
        WsConnection conn = new WsConnection(listener);
        URI uri = target.apply(clientIndex);
        try {
            WebSocket ws = http.newWebSocketBuilder().connectTimeout(Duration.ofMillis(connectTimeoutMillis))
                    .buildAsync(uri, conn).get(connectTimeoutMillis, TimeUnit.MILLISECONDS);
            conn.ws = ws;
            return conn;
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("WebSocket connect to " + uri + " failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while connecting", e);
        }
    }

    @Override
    public void close() {
        http.close();
    }

    private static final class WsConnection extends AbstractConnection implements WebSocket.Listener {
        private volatile WebSocket ws;
        private final WsFrameMessages messages = new WsFrameMessages(FrameLimits.DEFAULT);

        WsConnection(TransportListener listener) {
            super(listener);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            switch (messages.append(data, last)) {
                case null -> { }
                case Frame f -> deliver(f);
                case BadFrame bad -> {
                    closedBy(DisconnectCause.ERROR, "bad frame: " + bad.describe());
                    doClose();
                }
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closedBy(DisconnectCause.SERVER_CLOSE, statusCode + " " + reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closedBy(DisconnectCause.ERROR, error.toString());
        }

        @Override
        void doSend(Frame frame) throws IOException {
            try {
                ws.sendBinary(ByteBuffer.wrap(FrameCodec.encode(frame)), true).get();
            } catch (ExecutionException e) {
                close(DisconnectCause.ERROR, e.getCause().toString());
                throw new ConnectionClosedException(closeCause(), closeDetail());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new ConnectionClosedException(DisconnectCause.PLANNED, "interrupted");
            }
        }

        @Override
        void doClose() {
            WebSocket w = ws;
            if (w != null) {
                w.abort();
            }
        }
    }
}
