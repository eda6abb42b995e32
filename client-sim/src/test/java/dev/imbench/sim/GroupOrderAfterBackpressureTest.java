package dev.imbench.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.protocol.BlockingFrameChannel;
import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.AuthRequest;
import dev.imbench.protocol.pb.C2GPushRequest;
import dev.imbench.protocol.pb.C2GPushResponse;
import dev.imbench.protocol.pb.C2GSendRequest;
import dev.imbench.protocol.pb.C2GSendResponse;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.DeviceType;
import dev.imbench.protocol.pb.Keepalive;
import dev.imbench.protocol.pb.PullMsg;
import dev.imbench.protocol.pb.PullRequest;
import dev.imbench.protocol.pb.PullResponse;
import dev.imbench.server.ImServer;
import dev.imbench.server.ServerConfig;
import dev.imbench.sim.ledger.DeliveryChecker;
import dev.imbench.sim.ledger.DeliveryLedger;
import dev.imbench.sim.ledger.DeliveryReport;
import dev.imbench.sim.ledger.GroupDirectory;
import java.io.IOException;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The race of an overloaded group, planted: a member stops reading in a busy group and the gate closes it
 * for back-pressure mid-stream; it reads what reached its socket, reconnects, gets a push of a newer message
 * first, then pulls its backlog page by page while the group keeps sending. Its arrivals are out of send
 * order (the backlog after newer pushes), but ranked by the server's msgid, as an app shows the
 * conversation, nothing is out of order and nothing is lost. The checker judges the order as shown
 * ({@code reordered} = 0) and reports the arrival order apart ({@code reorderedArrival} > 0).
 */
class GroupOrderAfterBackpressureTest {

    private static final String BIG = "x".repeat(16 * 1024);
    private static final int SENDERS = 2;
    private static final int STALLED = SENDERS;
    private static final int CLIENTS = SENDERS + 1;

    private ImServer server;
    private DeliveryLedger ledger;
    private long group;

    @BeforeEach
    void start() {
        server = ImServer.start(ServerConfig.builder().writeLowWaterMark(16 * 1024).writeHighWaterMark(64 * 1024)
                .offlinePushDelay(Duration.ofMinutes(5)).logicThreads(2).build());
        group = server.backends().groups().create("u0", "busy", 0);
        List<String> uids = new ArrayList<>();
        int[] members = new int[CLIENTS];
        for (int i = 0; i < CLIENTS; i++) {
            uids.add(uid(i));
            members[i] = i;
        }
        server.backends().groups().addMembers(group, uids);
        GroupDirectory groups = new GroupDirectory(List.<int[]>of(members));
        groups.bind(0, group);
        ledger = new DeliveryLedger(CLIENTS, groups, System.nanoTime(), GroupOrderAfterBackpressureTest::uid);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static String uid(int i) {
        return "u" + i;
    }

    @Test
    void shouldShowTheGroupInSendOrderAfterABackpressureCloseAndAPullRacingPushes() throws Exception {
        List<Member> senders = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            senders.add(new Member(i));
        }
        Socket stalledSocket = new Socket();
        stalledSocket.setReceiveBufferSize(8 * 1024);
        stalledSocket.connect(server.tcpAddress());
        BlockingFrameChannel stalled = BlockingFrameChannel.of(stalledSocket);
        auth(stalled, STALLED);
        // From here on the stalled member does not read: the busy group fills its buffers.
        int round = 0;
        while (!server.backends().presence().routes(uid(STALLED)).isEmpty()) {
            assertTrue(round < 2_000, "the stalled member was never closed for back-pressure");
            senders.get(round++ % SENDERS).sendAndAwaitAck(BIG);
        }
        assertTrue(server.metrics().backpressureEvents() > 0, "closed for back-pressure");
        long cursor = 0;
        int pushedBeforeClose = 0;
        try {
            for (Frame f = stalled.read(); f != null; f = stalled.read()) {
                if (f.cmd() == CmdId.C2G_PUSH_REQ) {
                    C2GPushRequest p = f.bodyAs(C2GPushRequest.class);
                    ledger.arrived(STALLED, p.getClientMsgId(), p.getMsgid(), false, System.nanoTime());
                    cursor = Math.max(cursor, p.getMsgid());
                    pushedBeforeClose++;
                }
            }
        } catch (IOException reset) {
            // the close may reset the socket: what was read counts
        }
        stalledSocket.close();
        assertTrue(round > pushedBeforeClose, "the close came mid-stream: " + pushedBeforeClose + " of " + round);

        try (Socket again = new Socket("127.0.0.1", server.tcpAddress().getPort())) {
            BlockingFrameChannel back = BlockingFrameChannel.of(again);
            auth(back, STALLED);
            // A newer message reaches the new connection by push before the backlog is pulled.
            senders.get(0).sendAndAwaitAck("newer");
            Frame first = back.read();
            assertEquals(CmdId.C2G_PUSH_REQ, first.cmd());
            C2GPushRequest newer = first.bodyAs(C2GPushRequest.class);
            ledger.arrived(STALLED, newer.getClientMsgId(), newer.getMsgid(), false, System.nanoTime());
            back.write(Frame.of(CmdId.C2G_PUSH_RESP, first.seq(), C2GPushResponse.newBuilder().setMsgid(newer.getMsgid()).build()));
            // Pull the backlog page by page from the cursor of the old connection; the group keeps sending.
            long offset = cursor;
            int seq = 10;
            while (true) {
                back.write(Frame.of(CmdId.PULL_REQ, ++seq, PullRequest.newBuilder().setUid(uid(STALLED))
                        .setOffset(offset).setLimit(5).build()));
                senders.get(seq % SENDERS).sendAndAwaitAck("during the pull " + seq);
                PullResponse page = null;
                while (page == null) {
                    Frame f = back.read();
                    if (f.cmd() == CmdId.C2G_PUSH_REQ) {
                        C2GPushRequest p = f.bodyAs(C2GPushRequest.class);
                        ledger.arrived(STALLED, p.getClientMsgId(), p.getMsgid(), false, System.nanoTime());
                        back.write(Frame.of(CmdId.C2G_PUSH_RESP, f.seq(), C2GPushResponse.newBuilder().setMsgid(p.getMsgid()).build()));
                    } else if (f.cmd() == CmdId.PULL_RESP && f.seq() == seq) {
                        page = f.bodyAs(PullResponse.class);
                    }
                }
                if (page.getMsgsCount() == 0) {
                    break;
                }
                for (PullMsg m : page.getMsgsList()) {
                    ledger.arrived(STALLED, m.getClientMsgId(), m.getMsgid(), true, System.nanoTime());
                    offset = Math.max(offset, m.getMsgid());
                }
            }
            // A push of the last message may follow the empty page; a keepalive answered after it collects it.
            back.write(Frame.of(CmdId.KEEPALIVE_REQ, ++seq, Keepalive.getDefaultInstance()));
            for (Frame f = back.read(); f.cmd() != CmdId.KEEPALIVE_RESP; f = back.read()) {
                if (f.cmd() == CmdId.C2G_PUSH_REQ) {
                    C2GPushRequest p = f.bodyAs(C2GPushRequest.class);
                    ledger.arrived(STALLED, p.getClientMsgId(), p.getMsgid(), false, System.nanoTime());
                }
            }
        }
        for (Member s : senders) {
            s.close();
        }

        DeliveryReport r = DeliveryChecker.check(ledger, true);
        assertEquals(0, r.lost(), r.toString());
        assertTrue(r.deliveredByPull() > 0, "the backlog came by pull: " + r);
        assertTrue(r.reorderedArrival() > 0, "the planted race shows in arrival order: " + r);
        assertEquals(0, r.reordered(), "ranked by msgid, as the app shows it, the group is in order: " + r.examples());
    }

    private void auth(BlockingFrameChannel ch, int index) throws IOException {
        ch.write(Frame.of(CmdId.AUTH_REQ, 1, AuthRequest.newBuilder().setUid(uid(index))
                .setToken(server.tokens().issue(uid(index), DeviceType.IOS)).setDeviceType(DeviceType.IOS).build()));
        Frame resp = ch.read();
        assertEquals(CmdId.AUTH_RESP, resp.cmd());
    }

    /** A member that sends one message at a time and reads (and acks) its pushes on a virtual thread. */
    private final class Member {
        private final int index;
        private final Socket socket;
        private final BlockingFrameChannel ch;
        private final BlockingQueue<Long> acks = new LinkedBlockingQueue<>();
        private final Thread reader;
        private int seq = 1;

        Member(int index) throws IOException {
            this.index = index;
            this.socket = new Socket("127.0.0.1", server.tcpAddress().getPort());
            this.ch = BlockingFrameChannel.of(socket);
            auth(ch, index);
            this.reader = Thread.ofVirtual().start(this::read);
        }

        void sendAndAwaitAck(String content) throws Exception {
            long id = ledger.attempt(index, DeliveryLedger.c2g(0), System.nanoTime());
            ledger.sent(id, System.nanoTime());
            ch.write(Frame.of(CmdId.C2G_SEND_REQ, ++seq, C2GSendRequest.newBuilder().setFrom(uid(index))
                    .setGroup(group).setContent(content).setClientMsgId(id).build()));
            Long acked = acks.poll(10, TimeUnit.SECONDS);
            assertEquals(id, acked, "ack of " + id);
            ledger.acked(id, System.nanoTime());
        }

        private void read() {
            try {
                for (Frame f = ch.read(); f != null; f = ch.read()) {
                    if (f.cmd() == CmdId.C2G_PUSH_REQ) {
                        C2GPushRequest p = f.bodyAs(C2GPushRequest.class);
                        ledger.arrived(index, p.getClientMsgId(), p.getMsgid(), false, System.nanoTime());
                        ch.write(Frame.of(CmdId.C2G_PUSH_RESP, f.seq(), C2GPushResponse.newBuilder().setMsgid(p.getMsgid()).build()));
                    } else if (f.cmd() == CmdId.C2G_SEND_RESP) {
                        acks.add(f.bodyAs(C2GSendResponse.class).getClientMsgId());
                    }
                }
            } catch (IOException closed) {
                // closed at the end of the test
            }
        }

        void close() throws IOException, InterruptedException {
            socket.close();
            reader.join();
        }
    }
}
