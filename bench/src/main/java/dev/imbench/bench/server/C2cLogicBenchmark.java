package dev.imbench.bench.server;

import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.C2CPushRequest;
import dev.imbench.protocol.pb.C2CPushResponse;
import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.PullRequest;
import dev.imbench.server.ServerConfig;
import dev.imbench.server.store.Envelope;
import io.netty.channel.embedded.EmbeddedChannel;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * One c2c message through the server: gate checks → store (send row + inbox row) → ack to the
 * sender → route lookup → push to the recipient → the recipient's delivery ack; every 256 messages
 * the recipient pulls (acknowledging and trimming its inbox). {@link #storeOnly} is the baseline:
 * the two store calls alone.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx1g"})
public class C2cLogicBenchmark {

    private LogicHarness server;
    private EmbeddedChannel alice;
    private EmbeddedChannel bob;
    private long clientMsgId;
    private int seq;

    @Setup(Level.Iteration)
    public void setUp() {
        server = new LogicHarness(ServerConfig.defaults());
        alice = server.client("alice");
        bob = server.client("bob");
    }

    @TearDown(Level.Iteration)
    public void tearDown() {
        server.close();
    }

    @Benchmark
    public void sendAckPushDeliver(Blackhole bh) {
        long id = ++clientMsgId;
        alice.writeInbound(Frame.of(CmdId.C2C_SEND_REQ, ++seq, C2CSendRequest.newBuilder().setFrom("alice")
                .setTo("bob").setContent("hello, bob").setClientMsgId(id).build()));
        bh.consume(alice.readOutbound());
        bob.runPendingTasks(); // pushes are queued on the recipient's event loop
        Frame push = bob.readOutbound();
        long msgid = push.bodyAs(C2CPushRequest.class).getMsgid();
        bob.writeInbound(Frame.of(CmdId.C2C_PUSH_RESP, push.seq(), C2CPushResponse.newBuilder().setMsgid(msgid).build()));
        if ((id & 255) == 0) {
            bob.writeInbound(Frame.of(CmdId.PULL_REQ, ++seq, PullRequest.newBuilder().setOffset(msgid).build()));
            bh.consume(bob.readOutbound());
        }
    }

    @Benchmark
    public void storeOnly(Blackhole bh) {
        long id = ++clientMsgId;
        Envelope e = new Envelope("alice", "bob", 0, CmdId.C2C_PUSH_REQ_VALUE, ++seq, "hello, bob", id, id);
        long msgid = server.backends.messages().storeC2c(e).inboxMsgid();
        server.backends.messages().markDelivered("bob", msgid);
        if ((id & 255) == 0) {
            server.backends.messages().ackUpTo("bob", msgid);
        }
    }
}
