package io.tombo.it.persistence;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static io.tombo.it.persistence.Mqtt5.PUBLISH;
import static io.tombo.it.persistence.Mqtt5.PUBREL;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What a restart restores (docs/persistence.md, "What is restored at start-up"), seen by raw MQTT 5.0 clients:
 * subscriptions with their options and identifiers, session expiry with the time spent down counted, delayed wills,
 * and in-flight messages resent with DUP. Parameterised tests run once with SIGKILL and once with a graceful stop.
 */
class RestartIT {
    @TempDir
    Path dir;

    private TomboProcess broker;

    @AfterEach
    void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private void restart(boolean sigkill) {
        if (sigkill) {
            broker.kill();
        } else {
            assertThat(broker.stop()).as("exit status after SIGTERM; %s", broker.describe()).isIn(0, 143);
        }
        broker.start();
    }

    /**
     * No local [MQTT-3.8.3-3], retain as published [MQTT-3.3.1-12], subscription identifiers [MQTT-3.3.4-3] and the
     * granted QoS come back with the session, without a new SUBSCRIBE.
     */
    @ParameterizedTest(name = "sigkill={0}")
    @ValueSource(booleans = {true, false})
    void subscriptionOptionsAndIdentifiersSurviveARestart(boolean sigkill) throws Exception {
        broker = TomboProcess.configure(dir).start();
        try (Mqtt5 c = Mqtt5.connect(broker.port(), "opts", true, 300, null)) {
            c.subscribe(1, "opt/nl", 0x01 | 0x04, 7);
            c.subscribe(2, "opt/rap", 0x01 | 0x08, 8);
            c.subscribe(3, "opt/plain", 0x01, 0);
            c.disconnect();
        }
        restart(sigkill);

        try (Mqtt5 c = Mqtt5.connect(broker.port(), "opts", false, 300, null);
             Mqtt5 other = Mqtt5.connect(broker.port(), "other", true, 0, null)) {
            assertThat(c.sessionPresent()).as("session present [MQTT-3.2.2-3]; %s", broker.describe()).isTrue();
            c.publish("opt/nl", "own", 1, false, 10); // no local: not sent back to its publisher
            c.publish("opt/rap", "rap-value", 1, true, 11);
            other.publish("opt/nl", "from-other", 1, false, 1);
            other.publish("opt/plain", "plain-value", 1, true, 2);

            List<Mqtt5.Publish> got = new ArrayList<>();
            while (got.isEmpty() || !got.getLast().payload().equals("plain-value")) {
                Mqtt5.Packet p = c.next(10_000);
                assertThat(p).as("messages so far %s; %s", got, broker.describe()).isNotNull();
                Mqtt5.Publish m = Mqtt5.decode(p);
                got.add(m);
                c.puback(m.packetId());
            }
            assertThat(got).extracting(Mqtt5.Publish::topic, Mqtt5.Publish::payload, Mqtt5.Publish::qos,
                            Mqtt5.Publish::retain, Mqtt5.Publish::subscriptionIds)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple("opt/rap", "rap-value", 1, true, List.of(8)),
                            org.assertj.core.groups.Tuple.tuple("opt/nl", "from-other", 1, false, List.of(7)),
                            org.assertj.core.groups.Tuple.tuple("opt/plain", "plain-value", 1, false, List.of()));
        }
    }

    /**
     * Session expiry 3 s, broker stopped right after the disconnect and started again once 3 s have passed: the time
     * the broker was down counts, so the session is gone (session present 0) [MQTT-3.1.2-23] (5.0 numbering); a
     * session with a long expiry, stored at the same time, is still there.
     */
    @Test
    void sessionExpiryCountsTheTimeTheBrokerWasDown() throws Exception {
        broker = TomboProcess.configure(dir).start();
        try (Mqtt5 c = Mqtt5.connect(broker.port(), "long", true, 300, null)) {
            c.subscribe(1, "exp/t", 1, 0);
            c.disconnect();
        }
        long disconnectedAt;
        try (Mqtt5 c = Mqtt5.connect(broker.port(), "short", true, 3, null)) {
            c.subscribe(1, "exp/t", 1, 0);
            c.disconnect();
            disconnectedAt = System.currentTimeMillis();
        }
        broker.stop();
        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50))
                .until(() -> System.currentTimeMillis() >= disconnectedAt + 3_300);
        broker.start();

        try (Mqtt5 c = Mqtt5.connect(broker.port(), "short", false, 3, null)) {
            assertThat(c.sessionPresent()).as("session 'short' (expiry 3 s) after 3 s down; %s", broker.describe())
                    .isFalse();
        }
        try (Mqtt5 c = Mqtt5.connect(broker.port(), "long", false, 300, null)) {
            assertThat(c.sessionPresent()).as("session 'long' (expiry 300 s)").isTrue();
        }
    }

    /**
     * The inbound half of QoS 2 across a SIGKILL: message 7 got PUBREC, message 8 got PUBREC and its PUBREL was sent
     * (PUBCOMP not awaited) when the broker died. After the restart the publisher resends PUBLISH 7 with DUP, which is
     * answered with PUBREC and not routed again [MQTT-4.3.3-10] (5.0 numbering), and the PUBRELs, answered with
     * PUBCOMP whether or not the broker had processed PUBREL 8 [MQTT-4.4.0-1]: the offline subscriber gets each once.
     */
    @Test
    void qos2ReceivedBeforeASigkillIsReleasedOnceAfterTheRestart() throws Exception {
        broker = TomboProcess.configure(dir).start();
        try (Mqtt5 sub = Mqtt5.connect(broker.port(), "sub", true, 300, null)) {
            sub.subscribe(1, "once/t", 2, 0);
            sub.disconnect();
        }
        try (Mqtt5 pub = Mqtt5.connect(broker.port(), "pub", true, 300, null)) {
            pub.send("once/t", "seven", 2, false, 7, false);
            assertThat(Mqtt5.packetId(pub.expect(Mqtt5.PUBREC))).isEqualTo(7);
            pub.send("once/t", "eight", 2, false, 8, false);
            assertThat(Mqtt5.packetId(pub.expect(Mqtt5.PUBREC))).isEqualTo(8);
            pub.pubrel(8);
            broker.kill();
        }
        broker.start();
        try (Mqtt5 pub = Mqtt5.connect(broker.port(), "pub", false, 300, null)) {
            assertThat(pub.sessionPresent()).isTrue();
            pub.send("once/t", "seven", 2, false, 7, true);
            assertThat(Mqtt5.packetId(pub.expect(Mqtt5.PUBREC))).isEqualTo(7);
            pub.pubrel(7);
            assertThat(Mqtt5.packetId(pub.expect(Mqtt5.PUBCOMP))).isEqualTo(7);
            pub.pubrel(8);
            assertThat(Mqtt5.packetId(pub.expect(Mqtt5.PUBCOMP))).isEqualTo(8);
        }
        try (Mqtt5 sub = Mqtt5.connect(broker.port(), "sub", false, 300, null)) {
            List<String> got = new ArrayList<>();
            for (Mqtt5.Packet p = sub.next(3_000); p != null; p = sub.next(1_000)) {
                Mqtt5.Publish m = Mqtt5.decode(p);
                got.add(m.payload());
                sub.pubrec(m.packetId());
                sub.expect(PUBREL);
                sub.pubcomp(m.packetId());
            }
            assertThat(got).as("%s", broker.describe()).containsExactlyInAnyOrder("seven", "eight");
        }
    }

    /**
     * {@code persistent_client_expiration 1h} for 3.1.1 clients (Paho Java, clean session 0): the hour counts from the
     * disconnect, also while the broker is down. Waiting an hour is not a test, so while the broker is stopped the
     * recorded disconnect times are moved back, as if it had been down that long: 2 h ago ends the session, 30 min
     * ago keeps it.
     */
    @Test
    void persistentClientExpirationCountsTheTimeTheBrokerWasDown() throws Exception {
        broker = TomboProcess.configure(dir, "persistent_client_expiration 1h").start();
        Receiver.subscribeAndLeave(broker.uri(), "away-2h", "pce/t", 1);
        Receiver.subscribeAndLeave(broker.uri(), "away-30min", "pce/t", 1);
        broker.stop();
        long now = System.currentTimeMillis();
        try (java.sql.Connection db = java.sql.DriverManager.getConnection("jdbc:sqlite:" + broker.database());
             java.sql.PreparedStatement back = db.prepareStatement(
                     "UPDATE sessions SET disconnected_at = ? WHERE client_id = ?")) {
            back.setLong(1, now - Duration.ofHours(2).toMillis());
            back.setString(2, "away-2h");
            assertThat(back.executeUpdate()).as("session row of away-2h").isOne();
            back.setLong(1, now - Duration.ofMinutes(30).toMillis());
            back.setString(2, "away-30min");
            assertThat(back.executeUpdate()).as("session row of away-30min").isOne();
        }
        broker.start();
        try (Receiver c = Receiver.persistent(broker.uri(), "away-2h")) {
            assertThat(c.sessionPresent()).as("expired: 2 h down > 1 h; %s", broker.describe()).isFalse();
        }
        try (Receiver c = Receiver.persistent(broker.uri(), "away-30min")) {
            assertThat(c.sessionPresent()).as("kept: 30 min down < 1 h").isTrue();
        }
    }

    /**
     * A client with will delay 2 s and session expiry 60 s is connected when the broker is SIGKILLed: it lost its
     * connection then, so after the restart its will is published once, about 2 s later [MQTT-3.1.3-9]
     * (5.0 numbering), and not again after a further restart.
     */
    @Test
    void delayedWillIsPublishedOnceAfterASigkill() throws Exception {
        broker = TomboProcess.configure(dir).start();
        try (Mqtt5 watcher = Mqtt5.connect(broker.port(), "watcher", true, 300, null)) {
            watcher.subscribe(1, "will/t", 1, 0);
            watcher.disconnect();
        }
        Mqtt5 dying = Mqtt5.connect(broker.port(), "dying", true, 60, new Mqtt5.Will("will/t", "gone", 1, 2));
        broker.kill();
        dying.close();

        long launchedAt = System.currentTimeMillis();
        broker.start();
        long acceptingAt = System.currentTimeMillis();
        try (Mqtt5 watcher = Mqtt5.connect(broker.port(), "watcher", false, 300, null)) {
            assertThat(watcher.sessionPresent()).isTrue();
            Mqtt5.Packet p = watcher.next(10_000);
            long arrivedAt = System.currentTimeMillis();
            assertThat(p).as("the will after the restart; %s", broker.describe()).isNotNull();
            Mqtt5.Publish will = Mqtt5.decode(p);
            assertThat(will.topic()).isEqualTo("will/t");
            assertThat(will.payload()).isEqualTo("gone");
            watcher.puback(will.packetId());
            System.out.printf("will published %d ms after the restart began (%d ms after accepting)%n",
                    arrivedAt - launchedAt, arrivedAt - acceptingAt);
            assertThat(arrivedAt - launchedAt).as("will delay 2 s counted from the restart").isGreaterThanOrEqualTo(2_000);
            assertThat(arrivedAt - acceptingAt).as("will delay 2 s, not much more").isLessThan(6_000);
            assertThat(watcher.next(2_500)).as("a second will").isNull();
            watcher.disconnect();
        }
        broker.stop();
        broker.start();
        try (Mqtt5 watcher = Mqtt5.connect(broker.port(), "watcher", false, 300, null)) {
            assertThat(watcher.next(3_000)).as("the will again after another restart; %s", broker.describe()).isNull();
        }
    }

    /**
     * A subscriber that received QoS 1 messages without PUBACK and a QoS 2 message up to PUBREL (no PUBCOMP) gets the
     * QoS 1 messages again with DUP and the same packet identifiers, in order, and the PUBREL again, when it
     * reconnects to the restarted broker [MQTT-4.4.0-1] (5.0 numbering).
     */
    @ParameterizedTest(name = "sigkill={0}")
    @ValueSource(booleans = {true, false})
    void inflightMessagesAreResentWithDupAfterARestart(boolean sigkill) throws Exception {
        broker = TomboProcess.configure(dir).start();
        List<Mqtt5.Publish> first = new ArrayList<>();
        int qos2Id;
        try (Mqtt5 sub = Mqtt5.connect(broker.port(), "slow", true, 300, null);
             Mqtt5 pub = Mqtt5.connect(broker.port(), "pub", true, 0, null)) {
            sub.subscribe(1, "inf/q1", 1, 0);
            sub.subscribe(2, "inf/q2", 2, 0);
            for (int i = 1; i <= 3; i++) {
                pub.publish("inf/q1", "m" + i, 1, false, i);
            }
            pub.publish("inf/q2", "exactly-once", 2, false, 4);
            for (int i = 0; i < 4; i++) {
                first.add(Mqtt5.decode(sub.expect(PUBLISH)));
            }
            assertThat(first).extracting(Mqtt5.Publish::payload).containsExactly("m1", "m2", "m3", "exactly-once");
            qos2Id = first.get(3).packetId();
            sub.pubrec(qos2Id);
            assertThat(Mqtt5.packetId(sub.expect(PUBREL))).isEqualTo(qos2Id);
            // a SUBACK waits for a commit submitted after the in-flight marks: they are on disk now
            sub.subscribe(3, "inf/flush", 1, 0);
            restart(sigkill);
        }

        try (Mqtt5 sub = Mqtt5.connect(broker.port(), "slow", false, 300, null)) {
            assertThat(sub.sessionPresent()).isTrue();
            List<Mqtt5.Publish> again = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Mqtt5.Packet p = sub.next(10_000);
                assertThat(p).as("resent so far %s; %s", again, broker.describe()).isNotNull();
                again.add(Mqtt5.decode(p));
            }
            assertThat(again).extracting(Mqtt5.Publish::payload, Mqtt5.Publish::packetId, Mqtt5.Publish::dup)
                    .containsExactly(
                            org.assertj.core.groups.Tuple.tuple("m1", first.get(0).packetId(), true),
                            org.assertj.core.groups.Tuple.tuple("m2", first.get(1).packetId(), true),
                            org.assertj.core.groups.Tuple.tuple("m3", first.get(2).packetId(), true));
            Mqtt5.Packet rel = sub.next(10_000);
            assertThat(rel).as("PUBREL resent").isNotNull();
            assertThat(rel.type()).isEqualTo(PUBREL);
            assertThat(Mqtt5.packetId(rel)).isEqualTo(qos2Id);
            for (Mqtt5.Publish m : again) {
                sub.puback(m.packetId());
            }
            sub.pubcomp(qos2Id);
            assertThat(sub.next(500)).as("nothing else: the QoS 2 message is not sent again").isNull();
        }
    }
}
