package io.tombo.it.raw;

import io.tombo.it.BrokerUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.tombo.it.raw.Packets.V5;
import static io.tombo.it.raw.Packets.connect;
import static io.tombo.it.raw.Packets.publish;
import static org.assertj.core.api.Assertions.assertThat;

/** Will messages (Mosquitto's {@code test/broker/07-will-*}). */
class WillIT {
    private static BrokerUnderTest broker;

    @BeforeAll
    static void startBroker() {
        broker = BrokerUnderTest.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @BothVersions
    void willIsPublishedWhenTheConnectionDropsWithoutDisconnect(int version) {
        // [MQTT-3.1.2-8]
        String t = "will/drop/" + version;
        try (RawClient observer = RawClient.connected(broker, version, "will-obs-" + version)) {
            observer.subscribe(version, 1, t, 1);
            RawClient.connected(broker, connect(version, "will-drop-" + version).will(t, "gone", 1, false)).drop();
            Received got = observer.expect(publish(version, t, "gone").qos(1, 1).bytes());
            observer.acknowledge(got.publish(version));
        }
    }

    @BothVersions
    void willIsNotPublishedAfterDisconnect(int version) {
        // [MQTT-3.1.2-10]
        String t = "will/clean/" + version;
        try (RawClient observer = RawClient.connected(broker, version, "will-clean-obs-" + version)) {
            observer.subscribe(version, 1, t, 0);
            try (RawClient w = RawClient.connected(broker, connect(version, "will-clean-" + version)
                    .will(t, "should not", 0, false))) {
                w.send(Packets.disconnect());
                w.expectClosed();
            }
            observer.send(publish(version, t, "sentinel").bytes());
            observer.expect(publish(version, t, "sentinel").bytes());
        }
    }

    @Test
    void disconnectWithWillMessageReasonPublishesTheWill() {
        // 5.0 3.14.2.1 reason 0x04 "Disconnect with Will Message"; [MQTT-3.1.2-8]
        String t = "will/rc4";
        try (RawClient observer = RawClient.connected(broker, V5, "will-rc4-obs")) {
            observer.subscribe(V5, 1, t, 0);
            try (RawClient w = RawClient.connected(broker, connect(V5, "will-rc4").will(t, "bye", 0, false))) {
                w.send(Packets.disconnect(0x04, null));
                w.expectClosed();
            }
            observer.expect(publish(V5, t, "bye").bytes());
        }
    }

    @Test
    void willDelayPostponesTheWill() {
        // [MQTT-3.1.3-9]: the will is published after the Will Delay Interval (1 s), not before
        String t = "will/delay";
        try (RawClient observer = RawClient.connected(broker, V5, "will-delay-obs")) {
            observer.subscribe(V5, 1, t, 0);
            long dropped = System.nanoTime();
            RawClient.connected(broker, connect(V5, "will-delay").cleanStart(false)
                    .props(Props.of().u32(Props.SESSION_EXPIRY, 60))
                    .will(t, "late", 0, false).willProps(Props.of().u32(Props.WILL_DELAY, 1))).drop();
            Received got = observer.read(Duration.ofSeconds(4));
            assertThat(got.hex()).isEqualTo(Packets.hex(publish(V5, t, "late").bytes()));
            assertThat(Duration.ofNanos(System.nanoTime() - dropped)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        }
    }

    @Test
    void willIsNotSentWhenTheClientReconnectsWithinTheDelay() {
        // [MQTT-3.1.3-9] a new connection for the session before the delay elapses cancels the will
        String t = "will/cancel";
        Packets.Connect withWill = connect(V5, "will-cancel").cleanStart(false)
                .props(Props.of().u32(Props.SESSION_EXPIRY, 60))
                .will(t, "cancelled", 0, false).willProps(Props.of().u32(Props.WILL_DELAY, 2));
        try (RawClient observer = RawClient.connected(broker, V5, "will-cancel-obs")) {
            observer.subscribe(V5, 1, t, 0);
            RawClient.connected(broker, withWill).drop();
            try (RawClient back = RawClient.connected(broker, connect(V5, "will-cancel").cleanStart(false)
                    .props(Props.of().u32(Props.SESSION_EXPIRY, 60)))) {
                // Wait past the original delay, proving the will never comes, then check the line is alive.
                assertThat(catchTimeout(() -> observer.read(Duration.ofMillis(2600)))).isTrue();
                back.send(publish(V5, t, "sentinel").bytes());
                observer.expect(publish(V5, t, "sentinel").bytes());
            }
        }
    }

    private static boolean catchTimeout(Runnable read) {
        try {
            read.run();
            return false;
        } catch (AssertionError timeout) {
            return timeout.getMessage().startsWith("no packet");
        }
    }

    @BothVersions
    void willWithRetainIsRetained(int version) {
        // [MQTT-3.1.2-17] (3.1.1) / [MQTT-3.1.2-15] (5.0)
        String t = "will/retain/" + version;
        try (RawClient observer = RawClient.connected(broker, version, "will-ret-obs-" + version)) {
            observer.subscribe(version, 1, t, 0);
            RawClient.connected(broker, connect(version, "will-ret-" + version).will(t, "kept", 0, true)).drop();
            // Live delivery clears RETAIN [MQTT-3.3.1-9]; a later subscriber sees it retained.
            observer.expect(publish(version, t, "kept").bytes());
        }
        try (RawClient late = RawClient.connected(broker, version, "will-ret-late-" + version)) {
            late.subscribe(version, 1, t, 0);
            late.expect(publish(version, t, "kept").retain().bytes());
        }
    }
}
