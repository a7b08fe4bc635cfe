package io.tombo.security;

import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.InstantSource;

import static org.assertj.core.api.Assertions.assertThat;

class LoginThrottleTest {
    private long now = 1_000_000;
    private final InstantSource clock = () -> Instant.ofEpochMilli(now);
    private final LoginThrottle throttle = new LoginThrottle(clock);

    @Test
    void theFirstFailuresCostNothingThenTheWaitDoubles() {
        for (int i = 0; i < LoginThrottle.FREE_FAILURES; i++) {
            throttle.failed("10.0.0.1");
            assertThat(throttle.waitMillis("10.0.0.1")).isZero();
        }
        throttle.failed("10.0.0.1");
        assertThat(throttle.waitMillis("10.0.0.1")).isEqualTo(1_000);
        now += 1_000;
        throttle.failed("10.0.0.1");
        assertThat(throttle.waitMillis("10.0.0.1")).isEqualTo(2_000);
        assertThat(throttle.waitMillis("10.0.0.2")).as("another address").isZero();
    }

    @Test
    void theWaitIsCappedAtAMinute() {
        for (int i = 0; i < 40; i++) {
            throttle.failed("h");
        }
        assertThat(throttle.waitMillis("h")).isEqualTo(60_000);
    }

    @Test
    void aSuccessOrTenQuietMinutesForgetTheAddress() {
        for (int i = 0; i < 5; i++) {
            throttle.failed("h");
        }
        throttle.succeeded("h");
        assertThat(throttle.waitMillis("h")).isZero();
        for (int i = 0; i < 5; i++) {
            throttle.failed("h");
        }
        now += 10 * 60_000 + 1;
        assertThat(throttle.failed("h")).isEqualTo(1);
    }

    @Test
    void trackedAddressesAreBounded() {
        for (int i = 0; i < LoginThrottle.MAX_ADDRESSES + 10; i++) {
            throttle.failed("a" + i);
        }
        assertThat(throttle.waitMillis("a0")).isZero();
    }
}
