package io.tombo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class PacerTest {
    private static final long START = 1_000_000_000L;

    @Test
    void firstMessageIsDueAtTheStart() {
        Pacer p = new Pacer(START, 1000);
        assertThat(p.due(START - 1, 0)).isZero();
        assertThat(p.due(START, 0)).isEqualTo(1);
        assertThat(p.due(START, 1)).isZero();
    }

    @Test
    void messagesFallDueAtTheRate() {
        Pacer p = new Pacer(START, 1000); // one per millisecond
        assertThat(p.due(START + 999_999, 1)).isZero();
        assertThat(p.due(START + 1_000_000, 1)).isEqualTo(1);
        assertThat(p.intended(5)).isEqualTo(START + 5_000_000);
    }

    @Test
    void aPublisherThatFellBehindOwesEveryMissedMessageStampedWithItsIntendedTime() {
        Pacer p = new Pacer(START, 10_000);
        long late = START + 10_000_000; // 10 ms later, nothing sent
        assertThat(p.due(late, 0)).isEqualTo(101);
        assertThat(p.intended(50)).isEqualTo(START + 5_000_000);
    }

    @Test
    void closedLoopHasEverythingDueAndStampsTheStart() {
        Pacer p = new Pacer(START, 0);
        assertThat(p.closedLoop()).isTrue();
        assertThat(p.due(START, 1_000_000)).isEqualTo(Long.MAX_VALUE);
    }
}
