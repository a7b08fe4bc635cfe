package io.tombo.it.raw;

import io.tombo.it.BrokerUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.DisabledIf;

import static io.tombo.it.raw.Packets.hex;
import static io.tombo.it.raw.Packets.publish;
import static io.tombo.it.raw.Packets.publishRawTopic;

/**
 * Malformed packets after a good CONNECT: the broker closes the connection (5.0: optionally after DISCONNECT
 * 0x81/0x82) and stays up for everyone else, which {@link #brokerIsStillAlive()} checks after every test.
 */
class MalformedIT {
    private static BrokerUnderTest broker;

    @BeforeAll
    static void startBroker() {
        broker = BrokerUnderTest.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @AfterEach
    void brokerIsStillAlive() {
        try (RawClient c = RawClient.connected(broker, Packets.V311, "alive")) {
            c.send(Packets.pingreq());
            c.expect(Packets.pingresp());
        }
    }

    @BothVersions
    void fiveByteRemainingLengthCloses(int version) {
        // [MQTT-1.5.5-1] (5.0 1.5.5: at most 4 bytes) / 3.1.1 2.2.3
        try (RawClient c = RawClient.connected(broker, version, "five-byte-" + version)) {
            c.send(hex("30 ff ff ff ff 01"));
            c.expectDisconnectOrClose(version, 0x81);
        }
    }

    @BothVersions
    void invalidUtf8TopicCloses(int version) {
        // [MQTT-1.5.3-1] (3.1.1) / [MQTT-1.5.4-1] (5.0)
        try (RawClient c = RawClient.connected(broker, version, "bad-utf8-" + version)) {
            c.send(publishRawTopic(version, new byte[] {'a', '/', (byte) 0xC3, 0x28}, "x").bytes());
            c.expectDisconnectOrClose(version, 0x81);
        }
    }

    @BothVersions
    void nulCharacterInTopicCloses(int version) {
        // [MQTT-1.5.3-2] (3.1.1) / [MQTT-1.5.4-2] (5.0)
        try (RawClient c = RawClient.connected(broker, version, "nul-topic-" + version)) {
            c.send(publishRawTopic(version, new byte[] {'a', '/', 0, 'b'}, "x").bytes());
            c.expectDisconnectOrClose(version, 0x81);
        }
    }

    @BothVersions
    void reservedFlagsInSubscribeClose(int version) {
        // [MQTT-3.8.1-1]: SUBSCRIBE's fixed header flags must be 0010
        try (RawClient c = RawClient.connected(broker, version, "sub-flags-" + version)) {
            c.send(Packets.subscribe(version, 1).filter("a/b", 0).header(0x80).bytes());
            c.expectDisconnectOrClose(version, 0x81);
        }
    }

    @BothVersions
    void packetIdZeroAtQos1Closes(int version) {
        // [MQTT-2.3.1-1] (3.1.1) / [MQTT-2.2.1-3] (5.0): QoS > 0 needs a non-zero packet identifier
        try (RawClient c = RawClient.connected(broker, version, "pid-zero-" + version)) {
            c.send(publish(version, "pid/zero", "x").qos(1, 0).bytes());
            c.expectDisconnectOrClose(version, 0x82);
        }
    }

    @BothVersions
    void qos3PublishCloses(int version) {
        // [MQTT-3.3.1-4]
        try (RawClient c = RawClient.connected(broker, version, "qos3-" + version)) {
            c.send(publish(version, "a/b", "x").qos(3, 1).bytes());
            c.expectDisconnectOrClose(version, 0x81);
        }
    }

    @BothVersions
    void remainingLengthShorterThanTheContentCloses(int version) {
        // 3.1.1 / 5.0 section 4.13: a PUBLISH whose topic length runs past the packet end is malformed
        try (RawClient c = RawClient.connected(broker, version, "short-" + version)) {
            c.send(hex("30 03 00 09 61"));
            c.expectDisconnectOrClose(version, 0x81);
        }
    }

    @BothVersions
    void connackFromAClientCloses(int version) {
        // only servers send CONNACK: from a client it is a protocol error (5.0 4.13.1)
        wrongDirection(version, version == Packets.V5 ? "20 03 00 00 00" : "20 02 00 00");
    }

    @BothVersions
    @DisabledIf(value = "io.tombo.it.raw.Brokers#mosquitto", disabledReason = "mosquitto 2.0.11 ignores it")
    void subackFromAClientCloses(int version) {
        wrongDirection(version, version == Packets.V5 ? "90 04 00 01 00 00" : "90 03 00 01 00");
    }

    @BothVersions
    @DisabledIf(value = "io.tombo.it.raw.Brokers#mosquitto", disabledReason = "mosquitto 2.0.11 ignores it")
    void pingrespFromAClientCloses(int version) {
        wrongDirection(version, "d0 00");
    }

    private static void wrongDirection(int version, String packet) {
        try (RawClient c = RawClient.connected(broker, version, "wrong-direction-" + version)) {
            c.send(hex(packet));
            c.expectDisconnectOrClose(version, 0x82);
        }
    }

    @org.junit.jupiter.api.Test
    void unknownPropertyIsMalformedIn5() {
        // 5.0 2.2.2.2: an unknown property identifier makes the packet malformed
        try (RawClient c = RawClient.connected(broker, Packets.V5, "unknown-property")) {
            c.send(hex("30 07 00 01 61 02 7f 00 78"));
            c.expectDisconnectOrClose(Packets.V5, 0x81);
        }
    }

    @org.junit.jupiter.api.Test
    void duplicatePropertyIsAProtocolErrorIn5() {
        // 5.0 spec 2.2.2.2: only user properties (and subscription identifiers) may repeat
        try (RawClient c = RawClient.connected(broker, Packets.V5, "duplicate-property")) {
            c.send(hex("30 0f 00 01 61 0a 02 00 00 00 0a 02 00 00 00 0a 78"));
            c.expectDisconnectOrClose(Packets.V5, 0x82);
        }
    }

    @org.junit.jupiter.api.Test
    void authWithoutAnAuthenticationMethodIsAProtocolErrorIn5() {
        // [MQTT-4.12.0-1]: AUTH only follows a CONNECT that named an authentication method
        try (RawClient c = RawClient.connected(broker, Packets.V5, "auth-without-method")) {
            c.send(hex("f0 02 19 00"));
            c.expectDisconnectOrClose(Packets.V5, 0x82);
        }
    }

    @org.junit.jupiter.api.Test
    void authPacketTypeIsReservedIn311() {
        // 3.1.1 2.2.1: packet type 15 is reserved
        try (RawClient c = RawClient.connected(broker, Packets.V311, "auth-in-311")) {
            c.send(hex("f0 00"));
            c.expectDisconnectOrClose(Packets.V311, 0x81);
        }
    }
}
