package io.tombo.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TallyTest {
    @Test
    void latencyIsReceiveMinusIntendedSendTime() {
        Tally t = new Tally(0);
        t.message(1_000_000, 0, 0, 1_150_000); // 150 us
        t.message(2_000_000, 0, 1, 2_290_000); // 290 us
        t.publish();
        assertThat(t.received()).isEqualTo(2);
        assertThat(t.latency().getTotalCount()).isEqualTo(2);
        assertThat(t.latency().getMaxValue()).isBetween(289_000L, 291_000L);
        assertThat(t.latency().getMinValue()).isBetween(149_000L, 151_000L);
    }

    @Test
    void warmUpMessagesCountButAreNotTimed() {
        Tally t = new Tally(5_000);
        t.message(4_999, 0, 0, 10_000);
        t.message(5_000, 0, 1, 10_000);
        t.publish();
        assertThat(t.received()).isEqualTo(2);
        assertThat(t.latency().getTotalCount()).isEqualTo(1);
    }

    @Test
    void skippedSequenceNumbersAreGapsPerPublisher() {
        Tally t = new Tally(0);
        t.message(0, 0, 0, 1);
        t.message(0, 0, 3, 1); // 1 and 2 missing
        t.message(0, 1, 0, 1);
        t.message(0, 1, 1, 1);
        t.message(0, 40, 5, 1); // a new publisher starting late: 0..4 missing
        assertThat(t.gaps()).isEqualTo(7);
        assertThat(t.outOfOrder()).isZero();
        assertThat(t.highestFrom(0)).isEqualTo(4);
        assertThat(t.highestFrom(40)).isEqualTo(6);
        assertThat(t.highestFrom(99)).isZero();
    }

    @Test
    void aRepeatedOrLateSequenceIsOutOfOrderNotAGap() {
        Tally t = new Tally(0);
        t.message(0, 0, 0, 1);
        t.message(0, 0, 1, 1);
        t.message(0, 0, 1, 1);
        assertThat(t.gaps()).isZero();
        assertThat(t.outOfOrder()).isEqualTo(1);
    }

    @Test
    void receivedIsPublishedOncePerBatch() {
        Tally t = new Tally(0);
        t.message(0, 0, 0, 1);
        t.unstampedMessage();
        assertThat(t.received()).isZero();
        t.publish();
        assertThat(t.received()).isEqualTo(2);
        assertThat(t.unstamped()).isEqualTo(1);
    }

    @Test
    void negativeLatencyFromClockSkewIsClampedToZero() {
        Tally t = new Tally(0);
        t.message(1_000, 0, 0, 900);
        assertThat(t.latency().getMaxValue()).isLessThan(1_000);
    }
}
