package dev.imbench.sim.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;

class SettleRoundTest {

    @Test
    void completesOnlyOnceSealedAndEveryClientAskedSettled() throws InterruptedException {
        SettleRound round = new SettleRound(3);
        round.expect();
        round.expect();
        round.settle();
        round.settle();
        assertFalse(round.complete(), "not sealed yet: more clients may be asked");
        round.seal();
        assertTrue(round.complete());
        assertTrue(round.await(Duration.ZERO, () -> false));
    }

    @Test
    void waitsForTheLastClientAndGivesUpOnTimeoutOrWhenTold() throws InterruptedException {
        SettleRound round = new SettleRound(1);
        round.expect();
        round.seal();
        assertEquals(1, round.left());
        assertFalse(round.await(Duration.ofMillis(30), () -> false), "one client still owes the round");
        AtomicBoolean stop = new AtomicBoolean(true);
        assertFalse(round.await(Duration.ofSeconds(30), stop::get), "gives up when told, long before the timeout");
        // the last client settles from another thread while the driver waits
        CompletableFuture.runAsync(round::settle, CompletableFuture.delayedExecutor(50, TimeUnit.MILLISECONDS));
        long t0 = System.nanoTime();
        assertTrue(round.await(Duration.ofSeconds(30), () -> false));
        assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(10).toNanos());
    }

    @Test
    void anEmptyRoundIsCompleteOnceSealed() {
        SettleRound round = new SettleRound(0);
        assertFalse(round.complete());
        round.seal();
        assertTrue(round.complete());
    }
}
