package io.tombo.listener;

import io.tombo.config.ListenerConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class InboundRateTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void oneSecondOfMessagesPassesThenEachWaitsItsShare() {
        InboundRate rate = new InboundRate(new ListenerConfig.InboundRate(0, 10), 0);
        for (int i = 0; i < 10; i++) {
            assertThat(rate.take(100, 0)).isZero();
        }
        assertThat(rate.take(100, 0)).isEqualTo(SECOND / 10);
        assertThat(rate.take(100, 0)).isEqualTo(2 * SECOND / 10);
    }

    @Test
    void tokensRefillWithTimeButNeverBeyondOneSecond() {
        InboundRate rate = new InboundRate(new ListenerConfig.InboundRate(1000, 0), 0);
        assertThat(rate.take(1000, 0)).isZero();
        assertThat(rate.take(500, SECOND / 2)).isZero();
        assertThat(rate.take(1, SECOND / 2)).isEqualTo(SECOND / 1000);
        // an hour idle still allows only one second's burst
        assertThat(rate.take(1000, 3600 * SECOND)).isZero();
        assertThat(rate.take(250, 3600 * SECOND)).isEqualTo(SECOND / 4);
    }

    @Test
    void theStricterLimitDecides() {
        InboundRate rate = new InboundRate(new ListenerConfig.InboundRate(1_000_000, 1), 0);
        assertThat(rate.take(10, 0)).isZero();
        assertThat(rate.take(10, 0)).isEqualTo(SECOND);
    }
}
