package dev.imbench.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.Keepalive;
import dev.imbench.testsupport.WireClient;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A server process at its descriptor limit ({@code ulimit -n}, here a low one) says so once, counts the
 * connections it could not accept, goes on serving the clients it has, and accepts again once
 * descriptors are free.
 */
class OutOfDescriptorsTest {

    private static final Pattern STATUS = Pattern.compile("acceptFailures=(\\d+)");

    @Test
    void shouldSayOnceAndKeepServingWhenOutOfDescriptors(@TempDir Path dir) throws Exception {
        Path err = dir.resolve("stderr");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process child = new ProcessBuilder("bash", "-c", "ulimit -n 160 && exec \"$0\" -cp \"$1\" \"$2\"",
                java, System.getProperty("java.class.path"), Child.class.getName()).redirectError(err.toFile()).start();
        List<Socket> flood = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            String[] hello = out.readLine().split(" "); // port token token
            AtomicLong failures = new AtomicLong();
            CountDownLatch firstFailure = new CountDownLatch(1);
            Thread.ofVirtual().start(() -> follow(out, failures, firstFailure));
            InetSocketAddress gate = new InetSocketAddress("127.0.0.1", Integer.parseInt(hello[0]));
            try (WireClient keeper = WireClient.tcp(gate)) {
                keeper.login(hello[1], "keeper");
                // One heartbeat before the flood: what serving it loads (classes from jars) is loaded while
                // descriptors are free; at the limit the JVM could not open a jar to load them.
                int warm = keeper.send(CmdId.KEEPALIVE_REQ, Keepalive.getDefaultInstance());
                assertEquals(warm, keeper.await(CmdId.KEEPALIVE_RESP, 10).seq());
                for (int i = 0; i < 400 && failures.get() == 0; i++) {
                    flood.add(new Socket(gate.getAddress(), gate.getPort())); // queued by the kernel even if not accepted
                    if (i > 150 && firstFailure.await(10, TimeUnit.MILLISECONDS)) {
                        break; // the server said it could not accept: enough queued
                    }
                }
                // the acceptor retries every second: more failures, still said once
                await().atMost(Duration.ofSeconds(10)).until(() -> failures.get() >= 2);
                int k = keeper.send(CmdId.KEEPALIVE_REQ, Keepalive.getDefaultInstance());
                assertEquals(k, keeper.await(CmdId.KEEPALIVE_RESP, 10).seq(), "the logged-in client is still served");
                for (Socket s : flood) {
                    s.close();
                }
                flood.clear();
                try (WireClient late = WireClient.tcp(gate)) {
                    late.login(hello[2], "late"); // accepting again
                }
            }
        } finally {
            for (Socket s : flood) {
                s.close();
            }
            child.destroy();
            child.waitFor(10, TimeUnit.SECONDS);
        }
        String said = Files.readString(err);
        assertEquals(1, said.split("out of file descriptors", -1).length - 1, "said once:\n" + said);
        assertTrue(!said.contains("Failed to create a new channel") && !said.contains("reached at the tail"),
                "no warning per failed accept:\n" + said);
    }

    /** Keeps {@code failures} at the accept failures of the latest status line; opens {@code firstFailure} at the first. */
    private static void follow(BufferedReader out, AtomicLong failures, CountDownLatch firstFailure) {
        try {
            String line;
            while ((line = out.readLine()) != null) {
                Matcher m = STATUS.matcher(line);
                if (m.find()) {
                    failures.set(Long.parseLong(m.group(1)));
                    if (failures.get() > 0) {
                        firstFailure.countDown();
                    }
                }
            }
        } catch (IOException e) {
            // the process ended
        }
    }

    /** The server process: prints {@code port token token} then its status every 100 ms. */
    public static final class Child {
        public static void main(String[] args) throws Exception {
            try (ImServer server = ImServer.start(ServerConfig.defaults())) {
                System.out.println(server.tcpAddress().getPort() + " " + server.tokens().issue("keeper", DeviceType.ANDROID)
                        + " " + server.tokens().issue("late", DeviceType.ANDROID));
                ScheduledExecutorService status = Executors.newSingleThreadScheduledExecutor();
                status.scheduleAtFixedRate(() -> System.out.println("acceptFailures=" + server.metrics().acceptFailures()),
                        0, 100, TimeUnit.MILLISECONDS);
                new CountDownLatch(1).await(); // until the test destroys this process
            }
        }
    }
}
