package io.tombo.store;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The store thread looks often when little arrives and seldom under load, within its bounds. */
class LookIntervalTest {
    private static final long MILLI = 1_000_000;

    private static long steady(long perLook, long lookNanos) {
        LookInterval looks = new LookInterval();
        long next = 0;
        for (long now = lookNanos; now < 1000 * MILLI; now += lookNanos) {
            next = looks.next(perLook, now);
        }
        return next;
    }

    @Test
    void aTrickleIsLookedAtAsOftenAsASleepAllows() {
        assertThat(steady(1, MILLI)).isEqualTo(LookInterval.MIN_NANOS);
        assertThat(steady(0, 50_000)).isEqualTo(LookInterval.MIN_NANOS);
    }

    @Test
    void heavyLoadIsLookedAtLeastOften() {
        assertThat(steady(1000, 300_000)).isEqualTo(LookInterval.MAX_NANOS); // over 3 million a second
    }

    @Test
    void inBetweenTheIntervalFollowsTheRate() {
        long half = steady(50, 100_000); // 500,000 a second
        assertThat(half).isBetween(LookInterval.MIN_NANOS + 1, LookInterval.MAX_NANOS - 1);
    }

    @Test
    void oneEmptyLookUnderLoadDoesNotShortenTheNextMuch() {
        LookInterval looks = new LookInterval();
        long now = 0;
        for (int i = 0; i < 200; i++) {
            now += 300_000;
            looks.next(300, now); // a million a second
        }
        now += 300_000;
        assertThat(looks.next(0, now)).as("smoothed").isGreaterThan(LookInterval.MAX_NANOS * 3 / 4);
    }
}
