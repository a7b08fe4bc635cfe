package io.tombo.broker;

import io.tombo.codec.QoS;
import io.tombo.store.Change;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The outbound half of "exactly once across a crash" with a durable store: nothing reaches the wire before the
 * store knows enough to resume it with the same packet identifier after a {@code kill -9} [MQTT-4.4.0-1] (5.0).
 */
class SessionDurabilityTest {
    private final HeldStore store = new HeldStore();
    private final Persistence persistence = new Persistence(store, 0);
    private final Session session = new Session("sub", InlineHomeThread.inline(), new SessionContext(
            () -> TestSessions.DEFAULTS, new BrokerCounters(), new ManualClock(0), persistence));

    SessionDurabilityTest() {
        session.expiryInterval(-1); // a session that outlives its connection: kept in the store
    }

    private Delivery storedQos2(String payload) {
        return new Delivery(TestSessions.message("t", QoS.EXACTLY_ONCE, payload), QoS.EXACTLY_ONCE, false, List.of(),
                true);
    }

    /**
     * Sent before its MarkSent committed, a crash would restore the message as queued and send it as new under another
     * identifier; a receiver that delivers on PUBLISH (method A) and had sent PUBREC would then deliver it twice.
     */
    @Test
    void storedPublishLeavesOnlyOnceItsPacketIdentifierIsCommitted() {
        FakeOutbound out = TestSessions.connect(session);
        Delivery d = storedQos2("once");
        session.deliver(d);

        assertThat(out.publishes).as("nothing on the wire before the commit").isEmpty();
        long messageId = persistence.idOf(d.message());
        assertThat(store.pending()).containsExactly(new Change.MarkSent("sub", messageId, 1));

        store.commit();
        assertThat(out.publishes).extracting(FakeOutbound.Sent::packetId, FakeOutbound.Sent::dup)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(1, false));
        assertThat(store.committed).contains(new Change.MarkSent("sub", messageId, 1));
    }

    @Test
    void crashBeforeTheCommitMeansThePublishNeverLeft() {
        FakeOutbound out = TestSessions.connect(session);
        session.deliver(storedQos2("lost-with-the-process"));
        store.crash();
        assertThat(out.publishes).isEmpty();
        assertThat(store.committed).noneMatch(c -> c instanceof Change.MarkSent);
    }

    /** A reconnection while the mark is being written must not put the PUBLISH on the wire twice. */
    @Test
    void reconnectingBeforeTheCommitSendsThePublishOnceOnTheNewConnection() {
        FakeOutbound first = TestSessions.connect(session);
        session.deliver(storedQos2("m"));
        session.detach();
        FakeOutbound second = TestSessions.connect(session);
        assertThat(second.publishes).as("not resent on attach: it never went out").isEmpty();

        store.commit();
        assertThat(first.publishes).isEmpty();
        assertThat(second.publishes).extracting(FakeOutbound.Sent::packetId).containsExactly(1);
    }

    /** PUBREL goes out once MarkReleased is durable, so a restart never resends the PUBLISH [MQTT-4.3.3-6] (5.0). */
    @Test
    void pubRelLeavesOnlyOnceTheReleaseIsCommitted() {
        FakeOutbound out = TestSessions.connect(session);
        session.deliver(storedQos2("m"));
        store.commit();
        assertThat(session.received(1, false)).isTrue();
        assertThat(out.pubRels).isEmpty();
        store.commit();
        assertThat(out.pubRels).containsExactly(1);
    }
}
