package dev.imbench.chaos.timeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.imbench.chaos.profile.Profile;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineExecutorTest {

    /** A clock that jumps to each requested time instead of sleeping. */
    private static final class VirtualClock implements TimelineClock {
        long now;

        @Override
        public long nowMs() {
            return now;
        }

        @Override
        public void sleepUntil(long ms) {
            now = Math.max(now, ms);
        }
    }

    private static final class RecordingControl implements FaultControl {
        final List<String> calls = new ArrayList<>();

        @Override
        public void applyProfile(Profile profile, double fraction) {
            calls.add("apply " + profile.name() + " " + fraction);
        }

        @Override
        public void removeProfile(String profile) {
            calls.add("remove " + profile);
        }

        @Override
        public void proxyDown(String proxy) {
            calls.add("down " + proxy);
        }

        @Override
        public void proxyUp(String proxy) {
            calls.add("up " + proxy);
        }

        @Override
        public void kill(String target) throws Exception {
            throw new IllegalStateException("no such process " + target);
        }

        @Override
        public void restart(String target) {
            calls.add("restart " + target);
        }

        @Override
        public void cutPath(String dependency) {
            calls.add("cut " + dependency);
        }

        @Override
        public void restorePath(String dependency) {
            calls.add("restore " + dependency);
        }
    }

    @Test
    void shouldPerformActionsInTimeOrderAndReportEventLines() {
        FaultTimeline timeline = new FaultTimeline(List.of(
            new FaultTimeline.Timed(40_000, new FaultAction.RemoveProfile("3g")),
            new FaultTimeline.Timed(20_000, new FaultAction.ApplyProfile("3g", 0.3)),
            new FaultTimeline.Timed(25_000, new FaultAction.CutPath("redis")),
            new FaultTimeline.Timed(30_000, new FaultAction.RestorePath("redis"))));
        RecordingControl control = new RecordingControl();
        List<FaultEvent> events = new ArrayList<>();
        new TimelineExecutor(timeline, control, events::add, new VirtualClock()).run();
        assertEquals(List.of("apply 3g 0.3", "cut redis", "restore redis", "remove 3g"), control.calls);
        assertEquals("{\"t\": 20000, \"type\": \"fault\", \"name\": \"3g\", \"detail\": \"apply to 30% of clients\", \"end\": 40000}",
            events.get(0).toJsonLine());
        assertEquals("{\"t\": 40000, \"type\": \"fault\", \"name\": \"3g\", \"detail\": \"removed\"}", events.get(3).toJsonLine());
    }

    @Test
    void shouldReportFailedActionAsNoteAndContinue() {
        FaultTimeline timeline = new FaultTimeline(List.of(
            new FaultTimeline.Timed(1_000, new FaultAction.Kill("gate-9")),
            new FaultTimeline.Timed(2_000, new FaultAction.ProxyDown("gate"))));
        RecordingControl control = new RecordingControl();
        List<FaultEvent> events = new ArrayList<>();
        new TimelineExecutor(timeline, control, events::add, new VirtualClock()).run();
        assertEquals("note", events.get(0).type());
        assertTrue(events.get(0).detail().contains("no such process gate-9"), events.get(0).detail());
        assertEquals(List.of("down gate"), control.calls);
    }

    @Test
    void shouldRejectUnknownProfileAndBadFractionWhenBuilt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new FaultAction.ApplyProfile("6g", 0.5));
        assertTrue(e.getMessage().contains("known profiles"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new FaultAction.ApplyProfile("3g", 1.5));
        assertThrows(IllegalArgumentException.class, () -> new FaultTimeline.Timed(-1, new FaultAction.Kill("g")));
    }
}
