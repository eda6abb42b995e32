package dev.imbench.server.push;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;

import org.junit.jupiter.api.Test;

class RecordingPushNotifierTest {

    @Test
    void keepsTheMostRecentNoticesOldestFirstAndCountsEvery() {
        RecordingPushNotifier notifier = new RecordingPushNotifier(3);
        for (int i = 1; i <= 5; i++) {
            notifier.notifyOffline(notice(i));
        }
        assertEquals(5, notifier.total());
        assertEquals(List.of(3L, 4L, 5L), notifier.notices().stream().map(OfflineNotice::msgid).toList());
    }

    private static OfflineNotice notice(long msgid) {
        return new OfflineNotice("u" + msgid, msgid, "from", 0, "hello", msgid);
    }
}
