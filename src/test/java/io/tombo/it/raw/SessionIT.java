package io.tombo.it.raw;

import io.tombo.it.BrokerUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static io.tombo.it.raw.Packets.CONNACK;
import static io.tombo.it.raw.Packets.PUBLISH;
import static io.tombo.it.raw.Packets.V311;
import static io.tombo.it.raw.Packets.V5;
import static io.tombo.it.raw.Packets.connect;
import static io.tombo.it.raw.Packets.publish;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Persistent sessions: stored subscriptions, queued messages, expiry (Mosquitto's {@code 03-publish-*} offline cases). */
class SessionIT {
    private static BrokerUnderTest broker;

    @BeforeAll
    static void startBroker() {
        broker = BrokerUnderTest.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    /** CONNECT that keeps the session: clean start 0, and in 5.0 a session expiry interval. */
    private static Packets.Connect persistent(int version, String id) {
        Packets.Connect c = connect(version, id).cleanStart(false);
        return version == V5 ? c.props(Props.of().u32(Props.SESSION_EXPIRY, 300)) : c;
    }

    private static void leave(RawClient c) {
        c.send(Packets.disconnect());
        c.expectClosed();
    }

    private static RawClient reconnect(Packets.Connect connect, boolean sessionPresent) {
        RawClient c = RawClient.open(broker);
        c.send(connect.bytes());
        Received connack = c.expectType(CONNACK);
        assertThat(connack.connackCode()).isZero();
        assertThat(connack.sessionPresent()).as("session present").isEqualTo(sessionPresent);
        return c;
    }

    @BothVersions
    void persistentSessionKeepsSubscriptionsAndQueuesQos1And2(int version) {
        // [MQTT-3.1.2-4] [MQTT-3.1.2-5] (3.1.1) / [MQTT-3.1.2-5] (5.0); QoS 0 is not queued (Mosquitto's
        // queue_qos0_messages false)
        String id = "offline-" + version;
        String t = "offline/" + version;
        try (RawClient c = RawClient.connected(broker, persistent(version, id))) {
            c.subscribe(version, 1, t, 2);
            leave(c);
        }
        try (RawClient pub = RawClient.connected(broker, version, id + "-pub")) {
            pub.publish(publish(version, t, "q0"), 0, 0);
            pub.publish(publish(version, t, "q1"), 1, 1);
            pub.publish(publish(version, t, "q2"), 2, 2);
        }
        try (RawClient c = reconnect(persistent(version, id), true)) {
            Received first = c.expect(publish(version, t, "q1").qos(1, 1).bytes());
            Received second = c.expect(publish(version, t, "q2").qos(2, 2).bytes());
            c.acknowledge(first.publish(version));
            c.acknowledge(second.publish(version));
            c.send(publish(version, t, "live").bytes());
            c.expect(publish(version, t, "live").bytes());
            leave(c);
        }
        RawClient.connected(broker, version, id).close(); // clean start: discard the session
    }

    @BothVersions
    void cleanStartDiscardsTheSession(int version) {
        // [MQTT-3.1.2-6] (3.1.1) / [MQTT-3.1.2-4] (5.0)
        String id = "discard-" + version;
        String t = "discard/" + version;
        try (RawClient c = RawClient.connected(broker, persistent(version, id))) {
            c.subscribe(version, 1, t + "/old", 1);
            leave(c);
        }
        try (RawClient c = reconnect(connect(version, id), false)) {
            c.subscribe(version, 1, t + "/new", 0);
            c.send(publish(version, t + "/old", "stale subscription").bytes());
            c.send(publish(version, t + "/new", "sentinel").bytes());
            c.expect(publish(version, t + "/new", "sentinel").bytes());
        }
    }

    @Test
    void sessionExpiryZeroEndsTheSessionAtDisconnect() {
        // [MQTT-3.1.2-23]: absent Session Expiry Interval = 0, the session ends when the connection closes
        try (RawClient c = RawClient.connected(broker, connect(V5, "expiry-zero").cleanStart(false))) {
            c.subscribe(V5, 1, "expiryzero/t", 1);
            leave(c);
        }
        reconnect(connect(V5, "expiry-zero").cleanStart(false), false).close();
    }

    @Test
    void sessionIsGoneAfterItsExpiryInterval() {
        // [MQTT-3.1.2-23]: with interval 1 s the session does not outlive the interval
        Packets.Connect oneSecond = connect(V5, "expiry-one").cleanStart(false)
                .props(Props.of().u32(Props.SESSION_EXPIRY, 1));
        try (RawClient c = RawClient.connected(broker, oneSecond)) {
            c.subscribe(V5, 1, "expiryone/t", 1);
            leave(c);
        }
        // A probe would resume and so extend the session; wait on the clock, then probe once.
        Instant due = Instant.now().plusMillis(2100);
        await().pollInterval(Duration.ofMillis(50)).until(() -> Instant.now().isAfter(due));
        reconnect(connect(V5, "expiry-one").cleanStart(false), false).close();
    }

    @Test
    void sessionWithinItsExpiryIntervalIsResumed() {
        Packets.Connect keep = connect(V5, "expiry-keep").cleanStart(false)
                .props(Props.of().u32(Props.SESSION_EXPIRY, 60));
        try (RawClient c = RawClient.connected(broker, keep)) {
            leave(c);
        }
        reconnect(keep, true).close();
    }

    @BothVersions
    void maxQueuedMessagesBoundsTheOfflineQueue(int version) {
        // Mosquitto's max_queued_messages: beyond the limit, further messages for an offline client are dropped
        try (BrokerUnderTest limited = BrokerUnderTest.start("max_queued_messages 5")) {
            String id = "queue-limit-" + version;
            try (RawClient c = RawClient.connected(limited, persistent(version, id))) {
                c.subscribe(version, 1, "limit/t", 1);
                leave(c);
            }
            try (RawClient pub = RawClient.connected(limited, version, id + "-pub")) {
                for (int i = 0; i < 8; i++) {
                    pub.publish(publish(version, "limit/t", "m" + i), 1, i + 1);
                }
            }
            RawClient c = RawClient.open(limited);
            c.send(persistent(version, id).bytes());
            assertThat(c.expectType(CONNACK).sessionPresent()).isTrue();
            List<String> got = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                Received.PublishView p = c.expectType(PUBLISH).publish(version);
                got.add(p.payloadText());
                c.acknowledge(p);
            }
            assertThat(got).containsExactly("m0", "m1", "m2", "m3", "m4");
            c.expectNothing();
            c.close();
        }
    }

    @Test
    void v311PersistentSessionSurvivesAnUncleanDrop() {
        // [MQTT-3.1.2-4]: the session outlives the network connection, however it ended
        try (RawClient c = RawClient.connected(broker, persistent(V311, "drop-keep"))) {
            c.subscribe(V311, 1, "dropkeep/t", 1);
            c.drop();
        }
        await().atMost(Duration.ofSeconds(3)).untilAsserted(() -> {
            try (RawClient c = reconnect(persistent(V311, "drop-keep"), true)) {
                c.send(publish(V311, "dropkeep/t", "still subscribed").bytes());
                c.expect(publish(V311, "dropkeep/t", "still subscribed").bytes());
            }
        });
    }
}
