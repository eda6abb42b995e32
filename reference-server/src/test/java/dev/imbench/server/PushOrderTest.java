package dev.imbench.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.testsupport.WireClient;
import dev.imbench.protocol.pb.C2CPushRequest;
import dev.imbench.protocol.pb.C2CSendRequest;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.DeviceType;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.Parameter;

/**
 * Pushes reach a recipient in msgid order even when many senders on different event loops write to
 * it at once, so a client's pull cursor (the largest msgid it received) never jumps over a row.
 */
@EachBackendSet
class PushOrderTest {

    @Parameter
    BackendSet backendSet;

    private static final int SENDERS = 4;
    private static final int EACH = 100;

    @Test
    void shouldPushToOneRecipientInMsgidOrderUnderConcurrentSenders() throws Exception {
        try (ImServer server = backendSet.start(ServerConfig.builder().ioThreads(4).build());
             WireClient bob = WireClient.tcp(server.tcpAddress())) {
            bob.login(server.tokens()::issue, "bob", DeviceType.IOS);
            List<WireClient> senders = new ArrayList<>();
            for (int i = 0; i < SENDERS; i++) {
                WireClient c = WireClient.tcp(server.tcpAddress());
                c.login(server.tokens()::issue, "s" + i, DeviceType.IOS);
                senders.add(c);
            }
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int i = 0; i < SENDERS; i++) {
                WireClient c = senders.get(i);
                String from = "s" + i;
                threads.add(Thread.ofVirtual().start(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                    for (int m = 1; m <= EACH; m++) {
                        c.send(CmdId.C2C_SEND_REQ, C2CSendRequest.newBuilder().setFrom(from).setTo("bob")
                                .setContent("x").setClientMsgId(m).build());
                    }
                }));
            }
            go.countDown();
            long last = 0;
            for (int i = 0; i < SENDERS * EACH; i++) {
                long msgid = bob.await(CmdId.C2C_PUSH_REQ).bodyAs(C2CPushRequest.class).getMsgid();
                assertTrue(msgid > last, "push " + msgid + " arrived after " + last);
                last = msgid;
            }
            for (Thread t : threads) {
                t.join();
            }
            for (WireClient c : senders) {
                c.close();
            }
            assertEquals(SENDERS * EACH, server.backends().messages().page("bob", 0, 1000).size());
        }
    }
}
