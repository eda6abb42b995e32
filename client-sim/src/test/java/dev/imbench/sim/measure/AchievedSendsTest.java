package dev.imbench.sim.measure;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Which phase a send counts as achieved in: the generator's rate check compares each phase's offered and
 * achieved sends, so a send that a fault held back must not make the run look generator-bound.
 */
class AchievedSendsTest {

    @Test
    void shouldCountASendHeldByADisconnectInThePhaseItWasIntendedIn() {
        long t0 = System.nanoTime();
        RunMeasurements m = new RunMeasurements(System.currentTimeMillis(), t0);
        m.beginPhase("chat", false);
        long intended = System.nanoTime();
        m.beginPhase("drain", false);
        long afterReconnect = System.nanoTime() + 1_000_000_000L;

        m.sent(0, intended, afterReconnect, false);

        assertEquals(1, m.phases().entries().get(0).load().achieved(), "held by the network: the generator was on time");
        assertEquals(0, m.phases().entries().get(1).load().achieved());
    }

    @Test
    void shouldCountAScheduledSendWhenItWentOut() {
        long t0 = System.nanoTime();
        RunMeasurements m = new RunMeasurements(System.currentTimeMillis(), t0);
        m.beginPhase("chat", false);
        long intended = System.nanoTime();
        m.beginPhase("drain", false);
        long late = System.nanoTime() + 1_000_000_000L;

        m.sent(0, intended, late, true);

        assertEquals(0, m.phases().entries().get(0).load().achieved(), "a connected client's late send is the generator's");
        assertEquals(1, m.phases().entries().get(1).load().achieved());
    }
}
