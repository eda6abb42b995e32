package dev.imbench.sim.load;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SeedsTest {

    private static long[] draw(SplittableRandom r) {
        return r.longs(16).toArray();
    }

    @Test
    void shouldRepeatTheSameDecisionsForTheSameSeedAndClient() {
        assertArrayEquals(draw(Seeds.forClient(5, 42, 1)), draw(Seeds.forClient(5, 42, 1)));
        assertArrayEquals(draw(Seeds.forDecision(5, 3)), draw(Seeds.forDecision(5, 3)));
    }

    @Test
    void shouldGiveEachClientSeedAndStreamItsOwnGenerator() {
        long[] base = draw(Seeds.forClient(5, 42, 1));
        assertFalse(Arrays.equals(base, draw(Seeds.forClient(5, 43, 1))));
        assertFalse(Arrays.equals(base, draw(Seeds.forClient(6, 42, 1))));
        assertFalse(Arrays.equals(base, draw(Seeds.forClient(5, 42, 2))));
    }

    @Test
    void shouldGiveEachPhaseAndPurposeItsOwnRepeatableGenerator() {
        long[] phase1 = draw(Seeds.forClientPhase(5, 42, 1));
        assertArrayEquals(phase1, draw(Seeds.forClientPhase(5, 42, 1)));
        assertFalse(Arrays.equals(phase1, draw(Seeds.forClientPhase(5, 42, 2))));
        assertFalse(Arrays.equals(phase1, draw(Seeds.forClientPhase(5, 43, 1))));
        assertFalse(Arrays.equals(phase1, draw(Seeds.forClientPhase(6, 42, 1))));
        assertEquals(Seeds.seed(5, Seeds.PROXY_TOXICS, 1, 6), Seeds.seed(5, Seeds.PROXY_TOXICS, 1, 6));
        assertTrue(Seeds.seed(5, Seeds.PROXY_TOXICS, 1, 6) != Seeds.seed(5, Seeds.PROXY_TOXICS, 6, 1), "order counts");
        assertTrue(Seeds.seed(5, Seeds.PROXY_TOXICS, 1) != Seeds.seed(5, Seeds.CONNECTION_TOXICS, 1), "purposes differ");
        assertArrayEquals(draw(Seeds.forPurpose(5, Seeds.GROUPS)), draw(Seeds.forPurpose(5, Seeds.GROUPS)));
    }

    @Test
    void shouldSpacePoissonArrivalsAtTheRequestedMeanRate() {
        SplittableRandom r = Seeds.forClient(1, 1, 1);
        long total = 0;
        int n = 100_000;
        for (int i = 0; i < n; i++) {
            total += ArrivalProcess.POISSON.gapNanos(100, r);
        }
        double mean = total / (double) n;
        assertTrue(Math.abs(mean - 10_000_000) < 200_000, "mean gap " + mean);
        assertEquals(10_000_000, ArrivalProcess.CONSTANT.gapNanos(100, r));
    }

    @Test
    void shouldRampRatesLinearlyAndRefuseNegativeOnes() {
        LoadProfile p = LoadProfile.c2cRamp(100, 300);
        assertEquals(200, p.c2cAt(0.5), 1e-9);
        assertEquals(300, p.c2cAt(2), 1e-9);
        try {
            LoadProfile.constant(-1, 0);
            throw new AssertionError("negative rate accepted");
        } catch (IllegalArgumentException expected) {
            assertTrue(expected.getMessage().contains(">= 0"));
        }
    }
}
