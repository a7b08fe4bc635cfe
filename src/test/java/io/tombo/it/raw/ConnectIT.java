package io.tombo.it.raw;

import io.tombo.it.BrokerUnderTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIf;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static io.tombo.it.raw.Packets.CONNACK;
import static io.tombo.it.raw.Packets.V31;
import static io.tombo.it.raw.Packets.V311;
import static io.tombo.it.raw.Packets.V5;
import static io.tombo.it.raw.Packets.connack311;
import static io.tombo.it.raw.Packets.connect;
import static io.tombo.it.raw.Packets.hex;
import static io.tombo.it.raw.Packets.publish;
import static org.assertj.core.api.Assertions.assertThat;

/** CONNECT and CONNACK, keep alive and take-over (Mosquitto's {@code test/broker/01-connect-*}). */
class ConnectIT {
    private static BrokerUnderTest broker;

    @BeforeAll
    static void startBroker() {
        broker = BrokerUnderTest.start();
    }

    @AfterAll
    static void stopBroker() {
        broker.close();
    }

    @ParameterizedTest(name = "MQTT level {0}")
    @ValueSource(ints = {V31, V311})
    void connectIsAcceptedBefore5(int version) {
        try (RawClient c = RawClient.open(broker)) {
            c.send(connect(version, "connect-ok-" + version).bytes());
            c.expect(connack311(false, 0));
        }
    }

    @Test
    void connectIsAcceptedIn5WithMosquittosProperties() {
        // [MQTT-3.2.2-1] reserved flags 0; Mosquitto announces topic alias maximum 10 [MQTT-3.2.2-17 context]
        try (RawClient c = RawClient.open(broker)) {
            c.send(connect(V5, "connect-ok-5").bytes());
            Received connack = c.expectType(CONNACK);
            assertThat(connack.body()[0]).isZero();
            assertThat(connack.connackCode()).isZero();
            Map<Integer, List<Object>> props = connack.connackProps();
            assertThat(props.get(Props.TOPIC_ALIAS_MAXIMUM)).containsExactly(10);
            // max_inflight_messages defaults to 20 and is announced as the receive maximum
            assertThat(props.get(Props.RECEIVE_MAXIMUM)).containsExactly(20);
            assertThat(props).doesNotContainKey(Props.MAXIMUM_QOS);
            assertThat(props).doesNotContainKey(Props.ASSIGNED_CLIENT_ID);
        }
    }

    @ParameterizedTest(name = "protocol level {0}")
    @ValueSource(ints = {0, 2, 6, 7})
    void unsupportedProtocolLevelIsRefusedWith0x01(int level) {
        // [MQTT-3.1.2-2] A level Tombo does not speak gets the one CONNACK every version can read: the 3.1.1 form
        // with return code 0x01. The 5.0 code 0x84 needs a 5.0 CONNACK, which such a client cannot parse.
        try (RawClient c = RawClient.open(broker)) {
            c.send(connect(V311, "bad-level").protocol("MQTT", level).bytes());
            c.expect(connack311(false, 0x01));
            c.expectClosed();
        }
    }

    @Test
    void legacyProtocolNameWithLevel4IsRefused() {
        // [MQTT-3.1.2-2] "MQIsdp" is only valid with level 3.
        try (RawClient c = RawClient.open(broker)) {
            c.send(connect(V311, "mqisdp-4").protocol("MQIsdp", 4).bytes());
            c.expect(connack311(false, 0x01));
            c.expectClosed();
        }
    }

    @BothVersions
    void unknownProtocolNameCloses(int version) {
        // [MQTT-3.1.2-1] the server MAY disconnect; Mosquitto does, without CONNACK.
        try (RawClient c = RawClient.open(broker)) {
            c.send(connect(version, "bad-name").protocol("MQTX", version).bytes());
            c.expectClosed();
        }
    }

    @BothVersions
    void reservedConnectFlagCloses(int version) {
        // [MQTT-3.1.2-3]
        try (RawClient c = RawClient.open(broker)) {
            c.send(connect(version, "reserved-flag").reservedFlag().bytes());
            c.expectConnectRefused(version, 0x81);
        }
    }

    @ParameterizedTest(name = "first packet {0}")
    @ValueSource(strings = {"c0 00", "30 07 00 03 61 2f 62 68 69", "82 06 00 01 00 01 23 00", "e0 00"})
    void firstPacketOtherThanConnectCloses(String packet) {
        // [MQTT-3.1.0-1]
        try (RawClient c = RawClient.open(broker)) {
            c.send(hex(packet));
            c.expectClosed();
        }
    }

    @BothVersions
    void secondConnectIsProtocolError(int version) {
        // [MQTT-3.1.0-2]; 5.0 may say so with DISCONNECT 0x82 first
        try (RawClient c = RawClient.connected(broker, version, "second-connect-" + version)) {
            c.send(connect(version, "second-connect-" + version).bytes());
            c.expectDisconnectOrClose(version, 0x82);
        }
    }

    @Test
    void emptyClientIdWithPersistentSessionIsRejectedIn311() {
        // [MQTT-3.1.3-8]
        try (RawClient c = RawClient.open(broker)) {
            c.send(connect(V311, "").cleanStart(false).bytes());
            c.expect(connack311(false, 0x02));
            c.expectClosed();
        }
    }

    @Test
    void emptyClientIdWithCleanSessionIsAcceptedIn311() {
        // [MQTT-3.1.3-6]
        try (RawClient c = RawClient.open(broker)) {
            c.send(connect(V311, "").bytes());
            c.expect(connack311(false, 0));
        }
    }

    @Test
    void emptyClientIdIsRejectedIn31() {
        // MQTT 3.1 requires 1 to 23 characters.
        try (RawClient c = RawClient.open(broker)) {
            c.send(connect(V31, "").bytes());
            c.expect(connack311(false, 0x02));
            c.expectClosed();
        }
    }

    @Test
    void emptyClientIdGetsAnAssignedIdentifierIn5() {
        // [MQTT-3.1.3-6] [MQTT-3.1.3-7]
        try (RawClient c = RawClient.open(broker)) {
            c.send(connect(V5, "").bytes());
            Received connack = c.expectType(CONNACK);
            assertThat(connack.connackCode()).isZero();
            List<Object> assigned = connack.connackProps().get(Props.ASSIGNED_CLIENT_ID);
            assertThat(assigned).hasSize(1);
            assertThat((String) assigned.get(0)).isNotEmpty();
        }
    }

    @BothVersions
    void willQos3Closes(int version) {
        // [MQTT-3.1.2-14] (3.1.1) / [MQTT-3.1.2-12] (5.0)
        try (RawClient c = RawClient.open(broker)) {
            c.send(connect(version, "will-qos3").will("w/t", "x", 3, false).bytes());
            c.expectConnectRefused(version, 0x81);
        }
    }

    @BothVersions
    void willQosWithoutWillFlagCloses(int version) {
        // [MQTT-3.1.2-13] (3.1.1) / [MQTT-3.1.2-11] (5.0)
        try (RawClient c = RawClient.open(broker)) {
            c.send(connect(version, "will-qos-no-flag").willQosWithoutWill(1).bytes());
            c.expectConnectRefused(version, 0x81);
        }
    }

    @Test
    void passwordWithoutUsernameClosesIn311() {
        // [MQTT-3.1.2-22] (3.1.1)
        try (RawClient c = RawClient.open(broker)) {
            c.send(connect(V311, "pw-no-user").password("secret").bytes());
            c.expectClosed();
        }
    }

    @Test
    void passwordWithoutUsernameIsAllowedIn5() {
        // 5.0 section 3.1.2.9 lifts the 3.1.1 rule; anonymous access is on, so the connection is accepted.
        try (RawClient c = RawClient.open(broker)) {
            c.send(connect(V5, "pw-no-user-5").password("secret").bytes());
            assertThat(c.expectType(CONNACK).connackCode()).isZero();
        }
    }

    @BothVersions
    void pingreqGetsPingresp(int version) {
        // [MQTT-3.12.4-1]
        try (RawClient c = RawClient.connected(broker, version, "ping-" + version)) {
            c.send(Packets.pingreq());
            c.expect(Packets.pingresp());
        }
    }

    @BothVersions
    @DisabledIf(value = "io.tombo.it.raw.Brokers#mosquitto",
            disabledReason = "mosquitto 2.0.11 checks keep alive every 5 s: a 1 s keep alive closes after 5-6 s")
    void silentClientIsDisconnectedAfterOneAndAHalfKeepAlives(int version) {
        // [MQTT-3.1.2-24] (3.1.1) / [MQTT-3.1.2-22] (5.0) keep alive 1 s: closed after 1.5 s of silence (1 s slack for the broker's timer tick)
        try (RawClient c = RawClient.connected(broker, connect(version, "keepalive-" + version).keepAlive(1))) {
            long start = System.nanoTime();
            c.expectDisconnectOrClose(version, 0x8D, Duration.ofMillis(2500));
            Duration took = Duration.ofNanos(System.nanoTime() - start);
            assertThat(took).isGreaterThanOrEqualTo(Duration.ofMillis(1000));
        }
    }

    @BothVersions
    void secondConnectionWithSameClientIdTakesOver(int version) {
        // [MQTT-3.1.4-3]; 5.0: the old connection gets DISCONNECT 0x8E session taken over
        String id = "takeover-" + version;
        try (RawClient first = RawClient.connected(broker, version, id);
             RawClient second = RawClient.connected(broker, version, id)) {
            first.expectDisconnectOrClose(version, 0x8E);
            second.send(Packets.pingreq());
            second.expect(Packets.pingresp());
        }
    }

    @BothVersions
    void takingOverASessionThatEndsWithItsConnectionStartsAFreshOne(int version) {
        // [MQTT-3.1.4-3] with [MQTT-3.1.2-6]: the first connection's session (clean / expiry 0) ends when it is
        // taken over, so the second, asking to resume, gets a new session and it works.
        String id = "takeover-fresh-" + version;
        Props expiry = version == V5 ? Props.of().u32(Props.SESSION_EXPIRY, 60) : null;
        try (RawClient first = RawClient.connected(broker, version, id);
             RawClient second = RawClient.open(broker)) {
            second.send(connect(version, id).cleanStart(false).props(expiry).bytes());
            Received connack = second.expectType(CONNACK);
            assertThat(connack.connackCode()).isZero();
            assertThat(connack.sessionPresent()).isFalse();
            first.expectDisconnectOrClose(version, 0x8E);
            second.subscribe(version, 1, "takeover/fresh/" + version, 0);
            second.send(publish(version, "takeover/fresh/" + version, "alive").bytes());
            second.expect(publish(version, "takeover/fresh/" + version, "alive").bytes());
        }
    }

    @BothVersions
    void sessionPresentIsZeroOnCleanStartAndOneOnResume(int version) {
        // [MQTT-3.2.2-1] [MQTT-3.2.2-2] (3.1.1); [MQTT-3.2.2-2] [MQTT-3.2.2-3] (5.0)
        String id = "session-present-" + version;
        Props expiry = version == V5 ? Props.of().u32(Props.SESSION_EXPIRY, 60) : null;
        try (RawClient c = RawClient.open(broker)) {
            // clean start, and for 5.0 no session expiry: nothing survives this connection
            c.send(connect(version, id).bytes());
            assertThat(c.expectType(CONNACK).sessionPresent()).isFalse();
            c.send(Packets.disconnect());
            c.expectClosed();
        }
        try (RawClient c = RawClient.open(broker)) {
            c.send(connect(version, id).cleanStart(false).props(expiry).bytes());
            assertThat(c.expectType(CONNACK).sessionPresent()).as("no session existed").isFalse();
            c.send(Packets.disconnect());
            c.expectClosed();
        }
        try (RawClient c = RawClient.open(broker)) {
            c.send(connect(version, id).cleanStart(false).props(expiry).bytes());
            Received connack = c.expectType(CONNACK);
            assertThat(connack.connackCode()).isZero();
            assertThat(connack.sessionPresent()).as("session resumed").isTrue();
            c.send(Packets.disconnect());
            c.expectClosed();
        }
        try (RawClient c = RawClient.open(broker)) {
            c.send(connect(version, id).bytes());
            assertThat(c.expectType(CONNACK).sessionPresent()).as("clean start discards").isFalse();
        }
    }

    @Test
    void maxKeepaliveIsAnnouncedAsServerKeepAliveIn5() {
        // [MQTT-3.2.2-21]: the client must use the Server Keep Alive the broker sends.
        try (BrokerUnderTest limited = BrokerUnderTest.start("max_keepalive 10");
             RawClient c = RawClient.open(limited)) {
            c.send(connect(V5, "max-keepalive-5").keepAlive(60).bytes());
            Received connack = c.expectType(CONNACK);
            assertThat(connack.connackCode()).isZero();
            assertThat(connack.connackProps().get(Props.SERVER_KEEP_ALIVE)).containsExactly(10);
            try (RawClient old = RawClient.open(limited)) {
                // 3.1.1 cannot be told a keep alive. Mosquitto 2.0.11 accepts it anyway (later 2.0.x releases
                // refuse with 0x02); Tombo matches 2.0.11.
                old.send(connect(V311, "max-keepalive-4").keepAlive(60).bytes());
                old.expect(connack311(false, 0));
            }
        }
    }
}
