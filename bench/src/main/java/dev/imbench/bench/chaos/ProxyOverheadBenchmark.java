package dev.imbench.bench.chaos;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.imbench.chaos.api.ToxiproxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A toxic-free chaos proxy against a direct loopback connection, in the same run:
 * {@link #smallFrameRoundTrip} (64-byte echo, SampleTime: read p99) and {@link #bulkUpload}
 * (1 MiB blocks to a sink; MB/s = ops/s × 1.048576).
 */
@State(Scope.Benchmark)
public class ProxyOverheadBenchmark {
    private static final int FRAME = 64;
    private static final int BLOCK = 1 << 20;

    /** {@code direct} or {@code proxy}. */
    @Param({"direct", "proxy"})
    public String path;

    private LoopbackServers servers;
    private ToxiproxyServer toxiproxy;
    private Socket echo;
    private Socket bulk;
    private final byte[] frame = new byte[FRAME];
    private final byte[] block = new byte[BLOCK];

    /** Starts upstreams, the proxy (when measured) and one connection of each kind. */
    @Setup(Level.Trial)
    public void setUp() throws Exception {
        servers = new LoopbackServers(BLOCK);
        int echoPort = servers.echoPort();
        int sinkPort = servers.sinkPort();
        if (path.equals("proxy")) {
            toxiproxy = ToxiproxyServer.start("127.0.0.1", 0, 1);
            echoPort = createProxy("echo", echoPort);
            sinkPort = createProxy("sink", sinkPort);
        }
        echo = new Socket("127.0.0.1", echoPort);
        echo.setTcpNoDelay(true);
        bulk = new Socket("127.0.0.1", sinkPort);
        bulk.setTcpNoDelay(true);
    }

    private int createProxy(String name, int upstream) throws Exception {
        try (HttpClient http = HttpClient.newHttpClient()) {
            String body = "{\"name\":\"" + name + "\",\"listen\":\"127.0.0.1:0\",\"upstream\":\"127.0.0.1:" + upstream + "\"}";
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + toxiproxy.port() + "/proxies"))
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            String listen = new ObjectMapper().readTree(r.body()).get("listen").asText();
            return Integer.parseInt(listen.substring(listen.lastIndexOf(':') + 1));
        }
    }

    /** Closes everything. */
    @TearDown(Level.Trial)
    public void tearDown() throws IOException {
        echo.close();
        bulk.close();
        if (toxiproxy != null) {
            toxiproxy.close();
        }
        servers.close();
    }

    /** One 64-byte frame out and back. */
    @Benchmark
    @BenchmarkMode(Mode.SampleTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    public int smallFrameRoundTrip() throws IOException {
        OutputStream out = echo.getOutputStream();
        out.write(frame);
        InputStream in = echo.getInputStream();
        int got = 0;
        while (got < FRAME) {
            int n = in.read(frame, got, FRAME - got);
            if (n < 0) {
                throw new IOException("echo closed");
            }
            got += n;
        }
        return got;
    }

    /** One 1 MiB block uploaded and acknowledged by the sink. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    public int bulkUpload() throws IOException {
        bulk.getOutputStream().write(block);
        int ack = bulk.getInputStream().read();
        if (ack < 0) {
            throw new IOException("sink closed");
        }
        return ack;
    }
}
