package dev.imbench.bench.server;

import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.C2GSendRequest;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.CtrlSendRequest;
import dev.imbench.protocol.pb.CtrlSendResponse;
import dev.imbench.server.FanoutMode;
import dev.imbench.server.ServerConfig;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

/**
 * One group message to a group of {@code members} (all online): send row → ack → member list → rows
 * (WRITE: one per member; READ: one timeline row) → a push to every member. Pushes are drained from
 * the members' channels inside the measured op.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g"})
public class C2gFanoutBenchmark {

    @Param({"500"})
    public int members;

    @Param({"WRITE", "READ"})
    public FanoutMode mode;

    private LogicHarness server;
    private EmbeddedChannel sender;
    private final List<EmbeddedChannel> receivers = new ArrayList<>();
    private long group;
    private long clientMsgId;

    @Setup(Level.Iteration)
    public void setUp() {
        server = new LogicHarness(ServerConfig.builder().fanoutMode(mode).build());
        sender = server.client("owner");
        sender.writeInbound(Frame.of(CmdId.CTRL_SEND_REQ, 1, CtrlSendRequest.newBuilder().setFrom("owner")
                .setType(CtrlSendRequest.Type.CREATE_GROUP).setContent("bench").build()));
        group = Long.parseLong(((Frame) sender.readOutbound()).bodyAs(CtrlSendResponse.class).getContent());
        StringBuilder uids = new StringBuilder();
        receivers.clear();
        for (int i = 1; i < members; i++) {
            String uid = "m" + i;
            receivers.add(server.client(uid));
            uids.append(uid).append(',');
        }
        sender.writeInbound(Frame.of(CmdId.CTRL_SEND_REQ, 2, CtrlSendRequest.newBuilder().setFrom("owner")
                .setType(CtrlSendRequest.Type.GROUP_ADDMEMBERS).setTo(Long.toString(group)).setContent(uids.toString()).build()));
        sender.releaseOutbound();
        for (EmbeddedChannel r : receivers) {
            r.runPendingTasks();
            r.releaseOutbound();
        }
    }

    @TearDown(Level.Iteration)
    public void tearDown() {
        server.close();
    }

    @Benchmark
    public void sendAndFanOut(Blackhole bh) {
        sender.writeInbound(Frame.of(CmdId.C2G_SEND_REQ, 3, C2GSendRequest.newBuilder().setFrom("owner")
                .setGroup(group).setContent("hello, everyone").setClientMsgId(++clientMsgId).build()));
        bh.consume(sender.readOutbound());
        for (EmbeddedChannel r : receivers) {
            r.runPendingTasks(); // pushes are queued on each recipient's event loop
            bh.consume(r.readOutbound());
        }
    }
}
