package dev.imbench.sim.transport;

import dev.imbench.protocol.BlockingFrameChannel;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.FrameException;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;

/**
 * TCP connections with {@link BlockingFrameChannel}: the client's virtual thread
 * writes, and one reader virtual thread per connection queues inbound frames.
 * Clients bind round-robin to the source addresses 127.0.0.1 … 127.0.0.N, so
 * each (source, target) pair has its own ephemeral port range.
 */
public final class TcpTransport implements Transport {

    private final java.util.function.IntFunction<InetSocketAddress> target;
    private final int sourceAddresses;
    private final int connectTimeoutMillis;

    /**
     * @param target          the gate (or a proxy in front of it)
     * @param sourceAddresses how many loopback source addresses to use (1..254);
     *                        0 lets the OS pick the source address
     * @param connectTimeoutMillis connect timeout
     */
    public TcpTransport(InetSocketAddress target, int sourceAddresses, int connectTimeoutMillis) {
        this(i -> target, sourceAddresses, connectTimeoutMillis);
    }

    /**
     * @param target          where each client index connects
     * @param sourceAddresses how many loopback source addresses to use (1..254); 0 lets the OS pick
     * @param connectTimeoutMillis connect timeout
     */
    public TcpTransport(java.util.function.IntFunction<InetSocketAddress> target, int sourceAddresses,
                        int connectTimeoutMillis) {
        if (sourceAddresses < 0 || sourceAddresses > 254) {
            throw new IllegalArgumentException("sourceAddresses must be 0..254, was " + sourceAddresses);
        }
        this.target = target;
        this.sourceAddresses = sourceAddresses;
        this.connectTimeoutMillis = connectTimeoutMillis;
    }

    @Override
    public Connection connect(int clientIndex, TransportListener listener) throws IOException {
        Socket socket = new Socket();
        try {
            socket.setTcpNoDelay(true);
            if (sourceAddresses > 0) {
                int last = 1 + Math.floorMod(clientIndex, sourceAddresses);
                socket.bind(new InetSocketAddress(InetAddress.getByAddress(new byte[] {127, 0, 0, (byte) last}), 0));
            }
            socket.connect(target.apply(clientIndex), connectTimeoutMillis);
        } catch (IOException e) {
            socket.close();
            throw e;
        }
        TcpConnection c = new TcpConnection(socket, BlockingFrameChannel.of(socket), listener);
        Thread.ofVirtual().name("tcp-reader-", clientIndex).start(c::readLoop);
        return c;
    }

    @Override
    public void close() {
        // Nothing shared to release.
    }

    private static final class TcpConnection extends AbstractConnection {
        private final Socket socket;
        private final BlockingFrameChannel channel;

        TcpConnection(Socket socket, BlockingFrameChannel channel, TransportListener listener) {
            super(listener);
            this.socket = socket;
            this.channel = channel;
        }

        void readLoop() {
            try {
                Frame f;
                while ((f = channel.read()) != null) {
                    deliver(f);
                }
                closedBy(DisconnectCause.SERVER_CLOSE, null);
            } catch (FrameException e) {
                closedBy(DisconnectCause.ERROR, "bad frame: " + e.getMessage());
            } catch (IOException e) {
                closedBy(DisconnectCause.ERROR, e.toString());
            } finally {
                doClose();
            }
        }

        @Override
        void doSend(Frame frame) throws IOException {
            try {
                channel.write(frame);
            } catch (IOException e) {
                close(DisconnectCause.ERROR, e.toString());
                throw new ConnectionClosedException(closeCause(), closeDetail());
            }
        }

        @Override
        void doClose() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // Closing anyway.
            }
        }
    }
}
