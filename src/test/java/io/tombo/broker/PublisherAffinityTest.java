package io.tombo.broker;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** When a publisher's connection moves to the home thread its messages go to ({@link Colocation#DEFAULT}). */
class PublisherAffinityTest {
    private final InlineHomeThread here = InlineHomeThread.inline();
    private final InlineHomeThread there = InlineHomeThread.inline();
    private final InlineHomeThread third = InlineHomeThread.inline();
    private final Session onThere = session(there);
    private final Session onThird = session(third);
    private final Session onHere = session(here);
    private final PublisherAffinity affinity = new PublisherAffinity(Colocation.DEFAULT, here, 0);

    @Test
    void aLowRatePublisherToOneOtherHomeMovesThereAtTheEndOfAWindow() {
        assertThat(publish(63, onThere, 1)).isNull();
        assertThat(affinity.routed(List.of(onThere), here, 64)).isSameAs(there);
    }

    @Test
    void aFewMessagesElsewhereDoNotKeepItBack() {
        assertThat(publish(58, onThere, 1)).isNull();
        assertThat(publish(6, onHere, 1)).as("58 of 64, above 90 %").isSameAs(there);
    }

    @Test
    void messagesSplitBetweenHomesKeepItWhereItIs() {
        assertThat(publish(32, onThere, 1)).isNull();
        assertThat(publish(32, onThird, 1)).isNull();
        assertThat(publish(32, onThere, 1)).isNull();
        assertThat(publish(32, onHere, 1)).isNull();
    }

    @Test
    void aFastPublisherStaysWhereItIs() {
        // 64 messages in 2 ms: 32,000 a second, above the 20,000 below which a hand-over costs a wake-up each
        assertThat(affinity.routed(List.of(onThere), here, 0)).isNull();
        for (int i = 1; i < 63; i++) {
            affinity.routed(List.of(onThere), here, 1);
        }
        assertThat(affinity.routed(List.of(onThere), here, 2)).isNull();
    }

    @Test
    void itDoesNotMoveToABusyHome() {
        there.load(0.6);
        assertThat(publish(64, onThere, 1)).isNull();
        there.load(0.4);
        assertThat(publish(64, onThere, 1)).isSameAs(there);
    }

    @Test
    void aMovedPublisherGoesBackWhenItsNewHomeGetsBusyAndItsFirstIsNot() {
        there.load(0.9);
        here.load(0.2);
        PublisherAffinity moved = new PublisherAffinity(Colocation.DEFAULT, here, 0); // accepted on "here"
        HomeThread target = null;
        for (int i = 1; i <= 64; i++) {
            target = moved.routed(List.of(onThere), there, i); // now lives on "there", publishing locally
        }
        assertThat(target).isSameAs(here);
    }

    @Test
    void nothingMovesItAgainDuringTheQuietTimeAfterAMove() {
        assertThat(publish(64, onThere, 1)).isSameAs(there);
        affinity.moved(64);
        assertThat(affinity.routed(List.of(onThird), there, 65)).isNull();
        for (int i = 0; i < 63; i++) {
            assertThat(affinity.routed(List.of(onThird), there, 100 + i)).as("within a second of the move").isNull();
        }
        for (int i = 0; i < 63; i++) {
            affinity.routed(List.of(onThird), there, 2_000 + i);
        }
        assertThat(affinity.routed(List.of(onThird), there, 2_063)).isSameAs(third);
    }

    @Test
    void offNeverMoves() {
        assertThat(Colocation.OFF.enabled()).isFalse();
        assertThat(Colocation.DEFAULT.enabled()).isTrue();
    }

    /** {@code n} messages each to {@code receiver}, {@code millisEach} apart; the last decision. */
    private HomeThread publish(int n, Session receiver, long millisEach) {
        HomeThread last = null;
        for (int i = 0; i < n; i++) {
            now += millisEach;
            last = affinity.routed(List.of(receiver), here, now);
        }
        return last;
    }

    private long now;

    private static Session session(HomeThread home) {
        return new Session("s", home, TestSessions.context(TestSessions.DEFAULTS, new BrokerCounters(),
                new ManualClock(0)));
    }
}
