package io.tombo.codec;

import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.tombo.codec.Bytes.hex;
import static io.tombo.codec.Bytes.toHex;
import static io.tombo.codec.ProtocolVersion.MQTT_3_1;
import static io.tombo.codec.ProtocolVersion.MQTT_3_1_1;
import static io.tombo.codec.ProtocolVersion.MQTT_5;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PacketRoundTripTest {

    static Stream<Arguments> everyPacketInEveryVersion() {
        return Stream.of(MQTT_3_1, MQTT_3_1_1, MQTT_5).flatMap(v -> TestPackets.all(v).stream()
                .map(p -> Arguments.of(v, p.type(), p)));
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyPacketInEveryVersion")
    void decodeOfEncodeIsIdentity(ProtocolVersion version, PacketType type, Packet packet) throws Exception {
        byte[] bytes = PacketEncoder.encode(packet, version);
        assertThat(bytes).hasSize(PacketEncoder.encodedLength(packet, version));
        Packet decoded = Framer.decodeOne(bytes, type == PacketType.CONNECT ? null : version);
        PacketAssertions.assertSamePacket(decoded, packet);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("everyPacketInEveryVersion")
    void encodesIntoDirectBufferAtAnOffset(ProtocolVersion version, PacketType type, Packet packet) {
        byte[] expected = PacketEncoder.encode(packet, version);
        ByteBuffer out = ByteBuffer.allocateDirect(expected.length + 3).position(3);
        PacketEncoder.encode(packet, version, out);
        assertThat(out.position()).isEqualTo(expected.length + 3);
        byte[] written = new byte[expected.length];
        out.get(3, written);
        assertThat(written).isEqualTo(expected);
    }

    static Stream<Arguments> vectors() {
        return SpecVectors.all().stream().map(v -> Arguments.of(v.name(), v));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("vectors")
    void specVectorsEncodeToExactBytesAndDecodeBack(String name, SpecVectors.Vector v) throws Exception {
        assertThat(toHex(PacketEncoder.encode(v.packet(), v.version()))).isEqualTo(toHex(v.bytes()));
        Packet decoded = Framer.decodeOne(v.bytes(), v.packet() instanceof Connect ? null : v.version());
        PacketAssertions.assertSamePacket(decoded, v.packet());
    }

    @Test
    void propertiesAreWrittenInIdentifierOrderWithSubscriptionIdsRepeated() {
        Properties props = Properties.builder().userProperty("u", "1")
                .put(Property.TOPIC_ALIAS, 3).put(Property.SUBSCRIPTION_IDENTIFIER, 5)
                .put(Property.PAYLOAD_FORMAT_INDICATOR, 1).put(Property.SUBSCRIPTION_IDENTIFIER, 200).build();
        Publish p = new Publish("t", QoS.AT_MOST_ONCE, false, false, 0, props, new byte[0]);
        assertThat(toHex(PacketEncoder.encode(p, MQTT_5))).isEqualTo(toHex(hex(
                "30 15 0001 74 11 01 01 0B 05 0B C801 23 0003 26 0001 75 0001 31")));
    }

    @Test
    void v3FormsOfV5OnlyFields() throws Exception {
        // 3.x SUBACK failure is 0x80 whatever the reason; CONNACK takes the 3.1.1 return code (table 3.1)
        SubAck subAck = new SubAck(1, List.of(ReasonCode.NOT_AUTHORIZED, ReasonCode.GRANTED_QOS_1), Properties.EMPTY);
        assertThat(toHex(PacketEncoder.encode(subAck, MQTT_3_1_1))).isEqualTo("90 04 00 01 80 01");
        ConnAck refused = new ConnAck(false, ReasonCode.BAD_USER_NAME_OR_PASSWORD, Properties.EMPTY);
        assertThat(toHex(PacketEncoder.encode(refused, MQTT_3_1_1))).isEqualTo("20 02 00 04");
        assertThat(toHex(PacketEncoder.encode(new ConnAck(true, ReasonCode.SUCCESS, Properties.EMPTY), MQTT_3_1)))
                .isEqualTo("20 02 00 00"); // 3.1 has no session present flag
        PubAck ack = new PubAck(1, ReasonCode.QUOTA_EXCEEDED, TestPackets.allProperties(PacketType.PUBACK));
        assertThat(toHex(PacketEncoder.encode(ack, MQTT_3_1_1))).isEqualTo("40 02 00 01");
        assertThat(toHex(PacketEncoder.encode(new Disconnect(ReasonCode.SERVER_BUSY, Properties.EMPTY), MQTT_3_1)))
                .isEqualTo("E0 00");
        assertThat(toHex(PacketEncoder.encode(new UnsubAck(3, List.of(ReasonCode.SUCCESS), Properties.EMPTY),
                MQTT_3_1_1))).isEqualTo("B0 02 00 03");
    }

    @Test
    void authCannotBeEncodedBeforeMqtt5() {
        assertThatThrownBy(() -> PacketEncoder.encode(new Auth(ReasonCode.SUCCESS, Properties.EMPTY), MQTT_3_1_1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void encoderRefusesPacketsThePeerMustReject() {
        assertThatThrownBy(() -> PacketEncoder.encode(
                new Publish("a", QoS.AT_LEAST_ONCE, false, false, 0, Properties.EMPTY, new byte[0]), MQTT_5))
                .as("[MQTT-2.2.1-3]").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PacketEncoder.encode(
                new Publish("a\uD800", QoS.AT_MOST_ONCE, false, false, 0, Properties.EMPTY, new byte[0]), MQTT_5))
                .as("unpaired surrogate [MQTT-1.5.4-1]").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PacketEncoder.encode(
                new Publish("a\0", QoS.AT_MOST_ONCE, false, false, 0, Properties.EMPTY, new byte[0]), MQTT_5))
                .as("[MQTT-1.5.4-2]").isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> PacketEncoder.encode(new Subscribe(1, List.of(), Properties.EMPTY), MQTT_5))
                .as("[MQTT-3.8.3-3]").isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void passwordWithoutUserNameDecodesInMqtt5Only() throws Exception {
        Connect c = new Connect(MQTT_5, "c", true, 10, null, new byte[] {7}, null, Properties.EMPTY);
        PacketAssertions.assertSamePacket(Framer.decodeOne(PacketEncoder.encode(c, MQTT_5), null), c);
    }

    @Test
    void emptyTopicDecodesInMqtt5ForTopicAliases() throws Exception {
        Publish p = new Publish("", QoS.AT_MOST_ONCE, false, false, 0,
                Properties.builder().put(Property.TOPIC_ALIAS, 1).build(), new byte[] {1});
        PacketAssertions.assertSamePacket(Framer.decodeOne(PacketEncoder.encode(p, MQTT_5), MQTT_5), p);
    }

    @Test
    void mosquittoBridgeBitOnProtocolLevelIsAccepted() throws Exception {
        byte[] bridge = hex("10 0F 0004 4D515454 84 02 003C 0003 616263");
        assertThat(((Connect) Framer.decodeOne(bridge, null)).version()).isEqualTo(MQTT_3_1_1);
    }

    @Test
    void largeRemainingLengthsUseMoreHeaderBytes() throws Exception {
        for (int payload : new int[] {124, 125, 16_380, 16_381, 2_097_148, 2_097_149}) {
            Publish p = new Publish("t", QoS.AT_MOST_ONCE, false, false, 0, Properties.EMPTY, new byte[payload]);
            byte[] bytes = PacketEncoder.encode(p, MQTT_3_1_1);
            FixedHeader h = PacketDecoder.readFixedHeader(ByteBuffer.wrap(bytes));
            assertThat(h.remainingLength()).isEqualTo(payload + 3);
            assertThat(h.packetLength()).isEqualTo(bytes.length);
            PacketAssertions.assertSamePacket(Framer.decodeOne(bytes, MQTT_3_1_1), p);
        }
    }
}
