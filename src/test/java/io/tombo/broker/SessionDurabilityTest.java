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

    private static Delivery storedQos2(String payload) {
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

    /**
     * QoS 2 messages take packet identifiers ahead of the window, so that their MarkSent commits while the window is
     * on the wire: a PUBCOMP then finds the next message ready, and the wire never holds more than the client allows
     * [MQTT-3.3.4-9].
     */
    @Test
    void qos2MessagesAreMarkedSentAheadAndGoOutAsTheWindowIsCompleted() {
        FakeOutbound out = new FakeOutbound(2);
        session.attach(out);
        int ahead = Session.MARKED_AHEAD;
        for (int i = 0; i < 2 + ahead + 2; i++) {
            session.deliver(storedQos2("m" + i));
        }
        assertThat(store.pending()).hasSize(2 + ahead).allMatch(c -> c instanceof Change.MarkSent);
        store.commit();
        assertThat(out.payloads()).containsExactly("m0", "m1");

        session.received(1, true); // refused: the flow ends at once
        assertThat(out.payloads()).as("m2 was ready: no commit awaited").containsExactly("m0", "m1", "m2");
        assertThat(store.pending()).as("m0's entry goes; the next queued message takes the freed place ahead")
                .hasSize(2).hasAtLeastOneElementOfType(Change.Dequeue.class)
                .hasAtLeastOneElementOfType(Change.MarkSent.class);
        assertThat(session.queuedCount()).isEqualTo(1);
    }

    /**
     * QoS 1 goes out at once, its mark recorded without waiting: lost in a crash, the message is sent again as new, a
     * duplicate at least once allows and a QoS 1 receiver must take as new (5.0, 4.3.2).
     */
    @Test
    void storedQos1LeavesAtOnceAndItsMarkFollows() {
        FakeOutbound out = TestSessions.connect(session);
        Delivery d = new Delivery(TestSessions.message("t", QoS.AT_LEAST_ONCE, "now"), QoS.AT_LEAST_ONCE, false,
                List.of(), true);
        session.deliver(d);

        long id = persistence.idOf(d.message());
        assertThat(out.payloads()).containsExactly("now");
        assertThat(store.pending()).containsExactly(new Change.MarkSent("sub", id, 1));

        session.acknowledge(1);
        assertThat(store.pending()).containsExactly(new Change.MarkSent("sub", id, 1), new Change.Dequeue("sub", id));
    }

    /** Nothing waits for a QoS 1 commit, so nothing takes an identifier ahead of the window: the rest is queued. */
    @Test
    void storedQos1TakesNoIdentifiersAheadOfTheWindow() {
        FakeOutbound out = new FakeOutbound(2);
        session.attach(out);
        for (int i = 0; i < 5; i++) {
            session.deliver(new Delivery(TestSessions.message("t", QoS.AT_LEAST_ONCE, "m" + i), QoS.AT_LEAST_ONCE,
                    false, List.of(), true));
        }
        assertThat(out.payloads()).containsExactly("m0", "m1");
        assertThat(session.inflightCount()).isEqualTo(2);
        assertThat(session.queuedCount()).isEqualTo(3);
    }

    /** After a restart more may be restored in flight than the client allows: resent in order as the window opens. */
    @Test
    void restoredInflightMessagesAreResentWithinTheWindow() {
        for (int id = 1; id <= 3; id++) {
            session.restoreInflight(id, new Delivery(TestSessions.message("t", QoS.AT_LEAST_ONCE, "r" + id),
                    QoS.AT_LEAST_ONCE, false, List.of(), true), false);
        }
        FakeOutbound out = new FakeOutbound(2);
        session.attach(out);
        assertThat(out.publishes).extracting(FakeOutbound.Sent::payload, FakeOutbound.Sent::dup).containsExactly(
                org.assertj.core.groups.Tuple.tuple("r1", true), org.assertj.core.groups.Tuple.tuple("r2", true));
        session.acknowledge(1);
        assertThat(out.last().payload()).isEqualTo("r3");
        assertThat(out.last().dup()).isTrue();
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
