package dev.imbench.bench.chaos;

import dev.imbench.chaos.proxy.HostPort;
import dev.imbench.chaos.proxy.ToxicProxy;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A {@link ToxicProxy} with no toxics against a direct loopback connection, measured in the same
 * run: a small-frame round trip (64 bytes echoed; SampleTime gives p50/p99) and bulk transfer
 * (1 MiB written to a sink that answers one byte when it has it all).
 */
@State(Scope.Benchmark)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class ProxyOverheadBenchmark {

    /** Small frame size: a typical IM send frame. */
    static final int FRAME = 64;
    /** Bulk transfer per operation. */
    static final int BULK = 1 << 20;

    private ServerSocket echo;
    private ServerSocket sink;
    private EventLoopGroup group;
    private ToxicProxy echoProxy;
    private ToxicProxy sinkProxy;
    private Socket echoDirect;
    private Socket echoProxied;
    private Socket sinkDirect;
    private Socket sinkProxied;
    private final byte[] frame = new byte[FRAME];
    private final byte[] bulk = new byte[BULK];

    @Setup(Level.Trial)
    public void setUp() throws IOException {
        echo = serve(ProxyOverheadBenchmark::echo);
        sink = serve(ProxyOverheadBenchmark::sink);
        group = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
        echoProxy = new ToxicProxy(group, new HostPort("127.0.0.1", 0), new HostPort("127.0.0.1", echo.getLocalPort()), 1);
        sinkProxy = new ToxicProxy(group, new HostPort("127.0.0.1", 0), new HostPort("127.0.0.1", sink.getLocalPort()), 1);
        echoProxy.start();
        sinkProxy.start();
        echoDirect = connect(echo.getLocalPort());
        echoProxied = connect(echoProxy.listen().port());
        sinkDirect = connect(sink.getLocalPort());
        sinkProxied = connect(sinkProxy.listen().port());
    }

    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        for (Socket s : new Socket[] {echoDirect, echoProxied, sinkDirect, sinkProxied}) {
            s.close();
        }
        echoProxy.stop();
        sinkProxy.stop();
        echo.close();
        sink.close();
        group.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    private interface Conversation {
        void run(Socket s) throws IOException;
    }

    private static ServerSocket serve(Conversation c) throws IOException {
        ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofPlatform().daemon().start(() -> {
            while (!server.isClosed()) {
                try {
                    Socket s = server.accept();
                    s.setTcpNoDelay(true);
                    Thread.ofPlatform().daemon().start(() -> {
                        try (s) {
                            c.run(s);
                        } catch (IOException e) {
                            // connection closed at tear-down
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        return server;
    }

    private static void echo(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        byte[] buf = new byte[65536];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
        }
    }

    private static void sink(Socket s) throws IOException {
        InputStream in = s.getInputStream();
        OutputStream out = s.getOutputStream();
        byte[] buf = new byte[65536];
        long got = 0;
        int n;
        while ((n = in.read(buf)) >= 0) {
            got += n;
            while (got >= BULK) {
                got -= BULK;
                out.write(1);
            }
        }
    }

    private static Socket connect(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setTcpNoDelay(true);
        return s;
    }

    private int roundTrip(Socket s) throws IOException {
        s.getOutputStream().write(frame);
        return s.getInputStream().readNBytes(FRAME).length;
    }

    private int transfer(Socket s) throws IOException {
        s.getOutputStream().write(bulk);
        return s.getInputStream().read();
    }

    /** Baseline: 64-byte echo round trip on a direct connection. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int roundTripDirect() throws IOException {
        return roundTrip(echoDirect);
    }

    /** 64-byte echo round trip through the proxy (no toxics). */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int roundTripProxy() throws IOException {
        return roundTrip(echoProxied);
    }

    /** Baseline: 1 MiB to a sink on a direct connection (ops/s × 1 MiB = MiB/s). */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int bulkDirect() throws IOException {
        return transfer(sinkDirect);
    }

    /** 1 MiB to a sink through the proxy (no toxics). */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int bulkProxy() throws IOException {
        return transfer(sinkProxied);
    }
}
