package io.tombo.broker;

import io.tombo.codec.Properties;
import io.tombo.codec.QoS;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

import static io.tombo.broker.TestSessions.delivery;
import static org.assertj.core.api.Assertions.assertThat;

class SessionTest {
    private final BrokerCounters counters = new BrokerCounters();
    private final ManualClock clock = new ManualClock(1_000_000);

    private Session session(SessionLimits limits) {
        return new Session("c", InlineHomeThread.inline(), TestSessions.context(limits, counters, clock));
    }

    private static SessionLimits limits(int maxInflight, int maxQueued, long maxQueuedBytes, boolean queueQos0) {
        return new SessionLimits(maxInflight, 0, maxQueued, maxQueuedBytes, queueQos0, 0, 5000);
    }

    private static void deliver(Session s, QoS qos, int count) {
        for (int i = 0; i < count; i++) {
            s.deliver(delivery("m" + i, qos));
        }
    }

    private Delivery expiring(String payload, QoS qos, long expiresAtMillis) {
        Message m = new Message("t", qos, false, payload.getBytes(StandardCharsets.UTF_8), Properties.EMPTY,
                expiresAtMillis, "publisher");
        return new Delivery(m, qos, false, List.of());
    }

    @Test
    void inflightWindowRespectsTheClientsReceiveMaximum() {
        // [MQTT-3.3.4-9]
        Session s = session(limits(20, 1000, 0, false));
        FakeOutbound out = new FakeOutbound(3);
        s.attach(out);

        deliver(s, QoS.AT_LEAST_ONCE, 10);

        assertThat(out.payloads()).containsExactly("m0", "m1", "m2");
        assertThat(s.inflightCount()).isEqualTo(3);
        assertThat(s.queuedCount()).isEqualTo(7);

        assertThat(s.acknowledge(out.publishes.get(0).packetId())).isTrue();
        assertThat(out.payloads()).containsExactly("m0", "m1", "m2", "m3");
        assertThat(s.inflightCount()).isEqualTo(3);
    }

    @Test
    void inflightWindowRespectsMaxInflightMessages() {
        Session s = session(limits(5, 1000, 0, false));
        FakeOutbound out = TestSessions.connect(s);

        deliver(s, QoS.EXACTLY_ONCE, 12);

        assertThat(out.publishes).hasSize(5);
        assertThat(s.queuedCount()).isEqualTo(7);
    }

    @Test
    void inflightWindowRespectsMaxInflightBytes() {
        Session s = session(new SessionLimits(20, 10, 1000, 0, false, 0, 5000));
        FakeOutbound out = TestSessions.connect(s);

        // each message is 1 topic byte + 4 payload bytes
        s.deliver(delivery("aaaa", QoS.AT_LEAST_ONCE));
        s.deliver(delivery("bbbb", QoS.AT_LEAST_ONCE));
        s.deliver(delivery("cccc", QoS.AT_LEAST_ONCE));

        assertThat(out.payloads()).containsExactly("aaaa", "bbbb");
        assertThat(s.queuedCount()).isEqualTo(1);
    }

    @Test
    void qos0BypassesTheWindowWhenTheQueueIsEmpty() {
        Session s = session(limits(1, 1000, 0, false));
        FakeOutbound out = TestSessions.connect(s);
        s.deliver(delivery("q1", QoS.AT_LEAST_ONCE));

        s.deliver(delivery("q0", QoS.AT_MOST_ONCE));

        assertThat(out.payloads()).containsExactly("q1", "q0");
        assertThat(out.last().packetId()).isZero();
    }

    @Test
    void queueIsBoundedByMaxQueuedMessagesAndDropsAreCounted() {
        Session s = session(new SessionLimits(2, 0, 5, 0, false, 0, 0)); // publisher_hold_timeout 0: Mosquitto's way
        FakeOutbound out = TestSessions.connect(s);

        deliver(s, QoS.AT_LEAST_ONCE, 10);

        assertThat(out.publishes).hasSize(2);
        assertThat(s.queuedCount()).isEqualTo(5);
        assertThat(s.dropped()).isEqualTo(3);
        assertThat(counters.dropped()).isEqualTo(3);
    }

    @Test
    void queueIsBoundedByMaxQueuedBytes() {
        Session s = session(new SessionLimits(20, 0, 0, 100, false, 0, 0));
        FakeOutbound out = TestSessions.connect(s);
        out.writable = false;

        String payload = "x".repeat(19); // 20 bytes with the one-byte topic
        for (int i = 0; i < 7; i++) {
            s.deliver(delivery(payload, QoS.AT_LEAST_ONCE));
        }

        assertThat(s.queuedCount()).isEqualTo(5);
        assertThat(s.dropped()).isEqualTo(2);
    }

    @Test
    void unwritableSocketQueuesQos0UpToTheLimitAndPumpsInOrderLater() {
        Session s = session(limits(20, 3, 0, false));
        FakeOutbound out = TestSessions.connect(s);
        out.writable = false;

        deliver(s, QoS.AT_MOST_ONCE, 5);

        assertThat(out.publishes).isEmpty();
        assertThat(s.queuedCount()).isEqualTo(3);
        assertThat(s.dropped()).isEqualTo(2);

        out.writable = true;
        s.pump();

        assertThat(out.payloads()).containsExactly("m0", "m1", "m2");
        assertThat(s.queuedCount()).isZero();
    }

    @Test
    void qos0IsNotQueuedForAnOfflineClientByDefault() {
        Session s = session(limits(20, 1000, 0, false));

        s.deliver(delivery("q0", QoS.AT_MOST_ONCE));
        s.deliver(delivery("q1", QoS.AT_LEAST_ONCE));

        assertThat(s.queuedCount()).isEqualTo(1);
        assertThat(s.dropped()).isZero();
        FakeOutbound out = TestSessions.connect(s);
        assertThat(out.payloads()).containsExactly("q1");
    }

    @Test
    void qos0IsQueuedForAnOfflineClientWithQueueQos0Messages() {
        Session s = session(limits(20, 1000, 0, true));

        s.deliver(delivery("q0", QoS.AT_MOST_ONCE));
        s.deliver(delivery("q1", QoS.AT_LEAST_ONCE));

        FakeOutbound out = TestSessions.connect(s);
        assertThat(out.payloads()).containsExactly("q0", "q1");
    }

    @Test
    void inflightMessagesAreResentWithDupOnAttachBeforeTheQueue() {
        // [MQTT-4.4.0-1]
        Session s = session(limits(2, 1000, 0, false));
        FakeOutbound first = TestSessions.connect(s);
        deliver(s, QoS.AT_LEAST_ONCE, 3);
        List<Integer> ids = first.packetIds();
        s.detach();

        FakeOutbound second = TestSessions.connect(s);

        assertThat(second.payloads()).containsExactly("m0", "m1");
        assertThat(second.publishes).allSatisfy(p -> assertThat(p.dup()).isTrue());
        assertThat(second.packetIds()).isEqualTo(ids);
        assertThat(s.acknowledge(ids.get(0))).isTrue();
        assertThat(second.payloads()).containsExactly("m0", "m1", "m2");
        assertThat(second.last().dup()).isFalse();
    }

    @Test
    void releasedQos2MessagesGetPubRelNotPublishOnAttach() {
        Session s = session(limits(20, 1000, 0, false));
        FakeOutbound first = TestSessions.connect(s);
        s.deliver(delivery("two", QoS.EXACTLY_ONCE));
        int id = first.last().packetId();
        assertThat(s.received(id, false)).isTrue();
        assertThat(first.pubRels).containsExactly(id);
        s.detach();

        FakeOutbound second = TestSessions.connect(s);

        assertThat(second.publishes).isEmpty();
        assertThat(second.pubRels).containsExactly(id);
        assertThat(s.completed(id)).isTrue();
        assertThat(s.inflightCount()).isZero();
    }

    @Test
    void acknowledgementsOfTheWrongKindOrUnknownIdsAreRefused() {
        Session s = session(limits(20, 1000, 0, false));
        FakeOutbound out = TestSessions.connect(s);
        s.deliver(delivery("one", QoS.AT_LEAST_ONCE));
        s.deliver(delivery("two", QoS.EXACTLY_ONCE));
        int one = out.publishes.get(0).packetId();
        int two = out.publishes.get(1).packetId();

        assertThat(s.acknowledge(two)).as("PUBACK for a QoS 2 message").isFalse();
        assertThat(s.received(one, false)).as("PUBREC for a QoS 1 message").isFalse();
        assertThat(s.completed(two)).as("PUBCOMP before PUBREL").isFalse();
        assertThat(s.acknowledge(4242)).isFalse();
        assertThat(s.inflightCount()).isEqualTo(2);
    }

    @Test
    void refusingPubRecEndsTheFlowAndOpensTheWindow() {
        Session s = session(limits(1, 1000, 0, false));
        FakeOutbound out = TestSessions.connect(s);
        deliver(s, QoS.EXACTLY_ONCE, 2);

        assertThat(s.received(out.last().packetId(), true)).isTrue();

        assertThat(out.pubRels).isEmpty();
        assertThat(out.payloads()).containsExactly("m0", "m1");
    }

    @Test
    void expiredMessagesAreDroppedNotSent() {
        // [MQTT-3.3.2-5]
        Session s = session(limits(1, 1000, 0, false));
        s.deliver(expiring("expires", QoS.AT_LEAST_ONCE, clock.millis() + 1000));
        s.deliver(expiring("lives", QoS.AT_LEAST_ONCE, 0));
        s.deliver(expiring("already", QoS.AT_LEAST_ONCE, clock.millis()));
        assertThat(s.queuedCount()).isEqualTo(2);
        assertThat(counters.expired()).isEqualTo(1);

        clock.advanceMillis(1000);
        s.dropExpired();

        assertThat(s.queuedCount()).isEqualTo(1);
        assertThat(counters.expired()).isEqualTo(2);
        FakeOutbound out = TestSessions.connect(s);
        assertThat(out.payloads()).containsExactly("lives");
    }

    @Test
    void messagesExpiringInTheQueueAreSkippedWhenTheWindowOpens() {
        Session s = session(limits(1, 1000, 0, false));
        FakeOutbound out = TestSessions.connect(s);
        s.deliver(expiring("first", QoS.AT_LEAST_ONCE, 0));
        s.deliver(expiring("short-lived", QoS.AT_LEAST_ONCE, clock.millis() + 500));
        s.deliver(expiring("last", QoS.AT_LEAST_ONCE, 0));

        clock.advanceMillis(600);
        s.acknowledge(out.last().packetId());

        assertThat(out.payloads()).containsExactly("first", "last");
        assertThat(counters.expired()).isEqualTo(1);
    }

    @Test
    void packetIdentifiersAreNonZeroWrapAndSkipThoseInUse() {
        // [MQTT-2.2.1-3]
        Session s = session(limits(0, 10, 0, false));
        FakeOutbound out = TestSessions.connect(s);
        deliver(s, QoS.AT_LEAST_ONCE, 65535);
        assertThat(out.packetIds()).isEqualTo(IntStream.rangeClosed(1, 65535).boxed().toList());

        s.deliver(delivery("more", QoS.AT_LEAST_ONCE));
        assertThat(s.queuedCount()).as("window of 65,535 full").isEqualTo(1);
        s.acknowledge(7);

        assertThat(out.last().payload()).isEqualTo("more");
        assertThat(out.last().packetId()).isEqualTo(7);
    }

    @Test
    void deliveryFromAnotherThreadRunsOnTheHomeThread() {
        InlineHomeThread home = InlineHomeThread.queued();
        Session s = new Session("c", home, TestSessions.context(limits(20, 1000, 0, false), counters, clock));
        FakeOutbound out = new FakeOutbound();
        s.attach(out);

        s.deliver(delivery("x", QoS.AT_LEAST_ONCE));
        assertThat(out.publishes).isEmpty();
        assertThat(home.pendingCount()).isEqualTo(1);

        home.runPending();
        assertThat(out.payloads()).containsExactly("x");
    }

    @Test
    void anEndedSessionTakesNoMoreMessages() {
        Session s = session(limits(20, 1000, 0, false));
        FakeOutbound out = TestSessions.connect(s);
        deliver(s, QoS.AT_LEAST_ONCE, 1);
        s.end();

        s.deliver(delivery("late", QoS.AT_LEAST_ONCE));

        assertThat(out.payloads()).containsExactly("m0");
        assertThat(s.queuedCount()).isZero();
        assertThat(s.inflightCount()).isZero();
    }

    @Test
    void messageTooLargeForTheClientDoesNotOccupyTheWindow() {
        Session s = session(limits(1, 1000, 0, false));
        FakeOutbound out = TestSessions.connect(s);
        out.maximumPayload = 3;

        s.deliver(delivery("too large", QoS.AT_LEAST_ONCE));
        s.deliver(delivery("ok", QoS.AT_LEAST_ONCE));

        assertThat(out.payloads()).containsExactly("ok");
        assertThat(s.inflightCount()).isEqualTo(1);
    }

    @Test
    void aConnectedSessionHalfwayToItsQueueLimitHoldsPublishersBackUntilItDrains() {
        Session s = session(limits(10, 100, 0, false)); // high water 50, woken at 25
        FakeOutbound out = TestSessions.connect(s);
        List<String> woken = new java.util.ArrayList<>();

        deliver(s, QoS.AT_LEAST_ONCE, 59); // 10 in flight, 49 queued
        assertThat(s.congested()).isFalse();
        deliver(s, QoS.AT_LEAST_ONCE, 1);
        assertThat(s.congested()).isTrue();
        s.whenDrained(() -> woken.add("publisher"));
        assertThat(woken).isEmpty();

        for (int i = 0; i < 24; i++) {
            s.acknowledge(out.publishes.get(i).packetId());
        }
        assertThat(s.queuedCount()).isEqualTo(26);
        assertThat(woken).as("not yet at the low-water mark").isEmpty();
        s.acknowledge(out.publishes.get(24).packetId());
        assertThat(woken).containsExactly("publisher");
        assertThat(s.congested()).isFalse();
    }

    @Test
    void aSessionThatMakesNoProgressStopsHoldingPublishersBackAfterTheHoldTimeout() {
        Session s = session(limits(10, 100, 0, false)); // publisher_hold_timeout 5 s
        FakeOutbound out = TestSessions.connect(s);
        clock.advanceMillis(3_600_000); // idle for long: the wait starts with the first queued message
        deliver(s, QoS.AT_LEAST_ONCE, 60);
        assertThat(s.congested()).isTrue();

        clock.advanceMillis(4999);
        assertThat(s.congested()).isTrue();
        s.acknowledge(out.publishes.get(0).packetId()); // progress restarts the wait
        deliver(s, QoS.AT_LEAST_ONCE, 1); // back at the high-water mark
        clock.advanceMillis(4999);
        assertThat(s.congested()).isTrue();
        clock.advanceMillis(1);
        assertThat(s.congested()).as("stalled: its queue limit applies from now on").isFalse();
    }

    @Test
    void offlineSessionsHoldNobodyBack() {
        Session s = session(limits(10, 100, 0, false));
        TestSessions.connect(s);
        deliver(s, QoS.AT_LEAST_ONCE, 60);
        List<String> woken = new java.util.ArrayList<>();
        s.whenDrained(() -> woken.add("publisher"));
        s.detach();
        assertThat(woken).containsExactly("publisher");
        assertThat(s.congested()).isFalse();
    }

    @Test
    void aLiveSessionKeepsWhatRacingPublishersRoutedBeyondItsQueueLimitUpToAHardCap() {
        Session s = session(limits(2, 5, 0, false)); // publishers held back: a live session does not drop QoS 1
        TestSessions.connect(s);
        deliver(s, QoS.AT_LEAST_ONCE, 20);
        assertThat(s.queuedCount()).isEqualTo(18);
        assertThat(s.dropped()).isZero();

        deliver(s, QoS.AT_MOST_ONCE, 3); // QoS 0 publishers are never held: their messages see the limit
        assertThat(s.dropped()).isEqualTo(3);

        deliver(s, QoS.AT_LEAST_ONCE, 2 * 5 + 1000);
        assertThat(s.queuedCount()).as("hard cap: twice max_queued_messages plus 1000").isEqualTo(2 * 5 + 1000);
        assertThat(s.dropped()).isEqualTo(3 + 18);
    }
}
