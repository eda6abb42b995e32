package dev.imbench.sim.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.protocol.Frame;
import dev.imbench.protocol.pb.CmdId;
import dev.imbench.protocol.pb.ErrorCode;
import dev.imbench.protocol.pb.ErrorResponse;
import dev.imbench.protocol.pb.PullMsg;
import dev.imbench.protocol.pb.PullRequest;
import dev.imbench.protocol.pb.PullResponse;
import dev.imbench.sim.measure.Metric;
import dev.imbench.sim.measure.RunMeasurements;
import dev.imbench.sim.measure.SimCounters;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The inbox pull alone, against scripted pages: where each page starts, what counts, when it gives up. */
class OfflinePullerTest {

    private final RunMeasurements measurements = new RunMeasurements(System.currentTimeMillis(), System.nanoTime());
    private final OfflinePuller puller = new OfflinePuller(2, measurements);
    private final Deque<Frame> pages = new ArrayDeque<>();
    private final List<Long> offsets = new ArrayList<>();
    private final List<String> rows = new ArrayList<>();

    @AfterEach
    void close() {
        measurements.close();
    }

    private static PullMsg msg(long msgid, long clientMsgId) {
        return PullMsg.newBuilder().setMsgid(msgid).setClientMsgId(clientMsgId).setCmdid(CmdId.C2C_PUSH_REQ_VALUE).build();
    }

    private static PullMsg ctrl(long msgid) {
        return PullMsg.newBuilder().setMsgid(msgid).setCmdid(CmdId.CTRL_PUSH_REQ_VALUE).build();
    }

    private void page(PullMsg... msgs) {
        pages.add(Frame.of(CmdId.PULL_RESP, 0, PullResponse.newBuilder().addAllMsgs(List.of(msgs)).build()));
    }

    private OfflinePuller.Round pull(long from, boolean drain) throws IOException {
        return puller.pullAll((cmd, body) -> {
            assertEquals(CmdId.PULL_REQ, cmd);
            PullRequest r = (PullRequest) body;
            assertEquals("u7", r.getUid());
            assertEquals(2, r.getLimit());
            offsets.add(r.getOffset());
            return pages.remove();
        }, "u7", 7, from, drain, (row, isCtrl, now) -> rows.add((isCtrl ? "ctrl " : "msg ") + row.getMsgid()));
    }

    @Test
    void pullsPageByPageFromAfterEachPagesLastRowUntilAnEmptyPage() throws IOException {
        page(msg(11, 101), ctrl(12));
        page(msg(10, 100), msg(13, 103)); // a page may begin below the offset: a row whose push never came
        page();
        OfflinePuller.Round round = pull(5, true);
        assertEquals(List.of(5L, 12L, 13L), offsets, "each page starts after the last row of the one before");
        assertEquals(List.of("msg 11", "ctrl 12", "msg 10", "msg 13"), rows);
        assertEquals(new OfflinePuller.Round(3, 4), round);
        assertTrue(measurements.exercised(Metric.PULL) && measurements.exercised(Metric.DRAIN), "page and drain latencies");
    }

    @Test
    void aPageThatDoesNotEndPastThePreviousOneIsRefused() {
        page(msg(20, 1), msg(21, 2));
        page(msg(19, 3), msg(21, 2));
        IOException e = assertThrows(IOException.class, () -> pull(0, false));
        assertTrue(e.getMessage().contains("did not advance"), e.getMessage());
    }

    @Test
    void aRefusedPullFailsTheRoundAndCountsTheError() {
        pages.add(Frame.of(CmdId.ERROR_RESP, 0, ErrorResponse.newBuilder().setCode(ErrorCode.ERR_OVERLOADED).build()));
        IOException e = assertThrows(IOException.class, () -> pull(0, true));
        assertTrue(e.getMessage().contains("ERR_OVERLOADED"), e.getMessage());
        assertEquals(1, measurements.counters().total(SimCounters.Series.ERRORS));
        assertTrue(measurements.counters().errorsCsv().contains(",ERR_OVERLOADED,1"), measurements.counters().errorsCsv());
    }
}
