package io.tombo.it.raw;

import io.tombo.it.BrokerUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static io.tombo.it.raw.Packets.V5;
import static io.tombo.it.raw.Packets.options;
import static io.tombo.it.raw.Packets.publish;
import static io.tombo.it.raw.Packets.suback;
import static io.tombo.it.raw.Packets.subscribe;

/**
 * Retained messages (Mosquitto's {@code test/broker/04-retain-*}). Each test uses its own topic, and proves the
 * absence of a retained message by publishing a live sentinel after SUBACK: whatever arrives first must be it.
 */
class RetainIT {
    private static BrokerUnderTest broker;

    @BeforeAll
    static void startBroker() {
        broker = BrokerUnderTest.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    private static void publishRetained(int version, String topic, String payload, int qos) {
        try (RawClient pub = RawClient.connected(broker, version, "retainer-" + topic.replace('/', '-'))) {
            pub.publish(publish(version, topic, payload).retain(), qos, 1);
            pub.send(Packets.disconnect());
            pub.expectClosed();
        }
    }

    @BothVersions
    void retainedMessageIsDeliveredOnSubscribeWithRetainSet(int version) {
        // [MQTT-3.3.1-6] [MQTT-3.3.1-8] (3.1.1) / [MQTT-3.3.1-9] (5.0, retain handling 0)
        String t = "retain/deliver/" + version;
        publishRetained(version, t, "kept", 0);
        try (RawClient c = RawClient.connected(broker, version, "retain-sub-" + version)) {
            c.subscribe(version, 1, t, 0);
            c.expect(publish(version, t, "kept").retain().bytes());
        }
    }

    @BothVersions
    void liveMessagesToExistingSubscribersHaveRetainCleared(int version) {
        // [MQTT-3.3.1-9] (3.1.1) / [MQTT-3.3.1-12] (5.0, retain as published 0)
        String t = "retain/live/" + version;
        try (RawClient c = RawClient.connected(broker, version, "retain-live-" + version)) {
            c.subscribe(version, 1, t, 0);
            c.send(publish(version, t, "live").retain().bytes());
            c.expect(publish(version, t, "live").bytes());
        }
    }

    @Test
    void retainAsPublishedKeepsTheRetainFlagOnLiveMessages() {
        // [MQTT-3.3.1-13]
        String t = "retain/rap";
        try (RawClient c = RawClient.connected(broker, V5, "retain-rap")) {
            c.subscribe(V5, 1, t, options(0, false, true, 0));
            c.send(publish(V5, t, "live").retain().bytes());
            c.expect(publish(V5, t, "live").retain().bytes());
        }
    }

    @BothVersions
    void emptyRetainedPayloadClearsTheRetainedMessage(int version) {
        // [MQTT-3.3.1-10] [MQTT-3.3.1-11] (3.1.1) / [MQTT-3.3.1-6] [MQTT-3.3.1-7] (5.0)
        String t = "retain/clear/" + version;
        publishRetained(version, t, "soon gone", 1);
        publishRetained(version, t, "", 0);
        try (RawClient c = RawClient.connected(broker, version, "retain-clear-" + version)) {
            c.subscribe(version, 1, t, 0);
            c.send(publish(version, t, "sentinel").bytes());
            c.expect(publish(version, t, "sentinel").bytes());
        }
    }

    @BothVersions
    void newRetainedMessageReplacesTheOld(int version) {
        // [MQTT-3.3.1-5]
        String t = "retain/replace/" + version;
        publishRetained(version, t, "one", 0);
        publishRetained(version, t, "two", 0);
        try (RawClient c = RawClient.connected(broker, version, "retain-replace-" + version)) {
            c.subscribe(version, 1, t, 0);
            c.expect(publish(version, t, "two").retain().bytes());
            c.send(publish(version, t, "sentinel").bytes());
            c.expect(publish(version, t, "sentinel").bytes());
        }
    }

    @BothVersions
    void retainedMessageIsDeliveredAtTheLowerOfStoredAndGrantedQos(int version) {
        // 3.1.1 / 5.0 section 3.8.4: the granted QoS caps every delivery, retained ones included
        String t = "retain/qos/" + version;
        publishRetained(version, t, "q2", 2);
        try (RawClient c = RawClient.connected(broker, version, "retain-qos-" + version)) {
            c.subscribe(version, 1, t, 1);
            Received got = c.expect(publish(version, t, "q2").retain().qos(1, 1).bytes());
            c.acknowledge(got.publish(version));
        }
        String t0 = "retain/qos0/" + version;
        publishRetained(version, t0, "q0", 0);
        try (RawClient c = RawClient.connected(broker, version, "retain-qos0-" + version)) {
            c.subscribe(version, 1, t0, 2);
            c.expect(publish(version, t0, "q0").retain().bytes());
        }
    }

    @Test
    void retainHandling0SendsOnEverySubscribe() {
        // [MQTT-3.3.1-9]
        String t = "retain/rh0";
        publishRetained(V5, t, "r", 0);
        try (RawClient c = RawClient.connected(broker, V5, "retain-rh0")) {
            c.subscribe(V5, 1, t, options(0, false, false, 0));
            c.expect(publish(V5, t, "r").retain().bytes());
            c.subscribe(V5, 2, t, options(0, false, false, 0));
            c.expect(publish(V5, t, "r").retain().bytes());
        }
    }

    @Test
    void retainHandling1SendsOnlyForANewSubscription() {
        // [MQTT-3.3.1-10]
        String t = "retain/rh1";
        publishRetained(V5, t, "r", 0);
        try (RawClient c = RawClient.connected(broker, V5, "retain-rh1")) {
            c.subscribe(V5, 1, t, options(0, false, false, 1));
            c.expect(publish(V5, t, "r").retain().bytes());
            c.subscribe(V5, 2, t, options(0, false, false, 1));
            c.send(publish(V5, t, "sentinel").bytes());
            c.expect(publish(V5, t, "sentinel").bytes());
        }
    }

    @Test
    void retainHandling2NeverSendsRetainedMessages() {
        // [MQTT-3.3.1-11]
        String t = "retain/rh2";
        publishRetained(V5, t, "r", 0);
        try (RawClient c = RawClient.connected(broker, V5, "retain-rh2")) {
            c.send(subscribe(V5, 1, t, options(0, false, false, 2)));
            c.expect(suback(V5, 1, 0));
            c.send(publish(V5, t, "sentinel").bytes());
            c.expect(publish(V5, t, "sentinel").bytes());
        }
    }
}
