package io.tombo.codec;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import static io.tombo.codec.Bytes.concat;
import static io.tombo.codec.Bytes.hex;
import static io.tombo.codec.Bytes.packet;
import static io.tombo.codec.Bytes.props;
import static io.tombo.codec.Bytes.rawStr;
import static io.tombo.codec.Bytes.str;
import static io.tombo.codec.ProtocolVersion.MQTT_3_1;
import static io.tombo.codec.ProtocolVersion.MQTT_3_1_1;
import static io.tombo.codec.ProtocolVersion.MQTT_5;
import static io.tombo.codec.ReasonCode.MALFORMED_PACKET;
import static io.tombo.codec.ReasonCode.PROTOCOL_ERROR;
import static io.tombo.codec.ReasonCode.TOPIC_ALIAS_INVALID;
import static io.tombo.codec.ReasonCode.TOPIC_NAME_INVALID;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

/** A corpus of packets the spec forbids; each row names the rule and the reason the decoder must give. */
class MalformedPacketTest {
    /** {@code reason == null} means UnsupportedProtocolVersionException; {@code version == null}: before CONNECT. */
    record Case(String description, String rule, ProtocolVersion version, byte[] bytes, ReasonCode reason) {
        @Override
        public String toString() {
            return rule + " " + description + " (" + version + ")";
        }
    }

    private static final byte[] MQTT = str("MQTT");
    private static final byte[] ID = hex("0001");
    private static final byte[] NO_PROPS = hex("00");

    static byte[] connect311(int flags, byte[]... payload) {
        return packet(0x10, MQTT, hex("04"), new byte[] {(byte) flags}, hex("003C"), concat(payload));
    }

    static byte[] connect5(byte[] properties, int flags, byte[]... payload) {
        return packet(0x10, MQTT, hex("05"), new byte[] {(byte) flags}, hex("003C"), properties, concat(payload));
    }

    static byte[] publish5(byte[] properties) {
        return packet(0x30, str("t"), properties);
    }

    static byte[] subscribe(ProtocolVersion v, String filter, int options) {
        return packet(0x82, ID, v.isV5() ? NO_PROPS : new byte[0], str(filter), new byte[] {(byte) options});
    }

    static List<Case> corpus() {
        List<Case> c = new ArrayList<>();
        // UTF-8 [MQTT-1.5.4-1] [MQTT-1.5.4-2]
        String[][] badUtf8 = {
                {"invalid byte FF", "61 FF"}, {"lone continuation byte", "80"}, {"overlong '/' C0 AF", "C0 AF"},
                {"overlong 3-byte E0 80 AF", "E0 80 AF"}, {"overlong 4-byte F0 80 80 AF", "F0 80 80 AF"},
                {"surrogate U+D800", "ED A0 80"}, {"surrogate U+DFFF", "ED BF BF"},
                {"truncated sequence", "61 E2 82"}, {"above U+10FFFF", "F4 90 80 80"}, {"lead byte F8", "F8 88 80 80 80"},
                {"continuation missing", "C3 41"}};
        for (String[] b : badUtf8) {
            c.add(new Case("PUBLISH topic: " + b[0], "[MQTT-1.5.4-1]", MQTT_3_1_1,
                    packet(0x30, rawStr(b[1])), MALFORMED_PACKET));
        }
        c.add(new Case("U+0000 in topic", "[MQTT-1.5.4-2]", MQTT_3_1_1, packet(0x30, rawStr("61 00 62")),
                MALFORMED_PACKET));
        c.add(new Case("U+0000 in client id", "[MQTT-1.5.4-2]", null, connect311(0x02, rawStr("00")),
                MALFORMED_PACKET));
        c.add(new Case("U+0000 in user property", "[MQTT-1.5.4-2]", MQTT_5,
                publish5(props(hex("26"), rawStr("00"), str("v"))), MALFORMED_PACKET));
        c.add(new Case("bad UTF-8 in user name", "[MQTT-1.5.4-1]", null,
                connect311(0x82, str("c"), rawStr("ED A0 80")), MALFORMED_PACKET));
        // fixed header
        c.add(new Case("remaining length of 5 bytes", "[MQTT-1.5.5-1]", MQTT_3_1_1, hex("30 FF FF FF FF 01"),
                MALFORMED_PACKET));
        c.add(new Case("remaining length not in shortest form", "[MQTT-1.5.5-1]", MQTT_3_1_1, hex("C0 80 00"),
                MALFORMED_PACKET));
        c.add(new Case("packet type 0", "spec 2.1.2", MQTT_3_1_1, hex("00 00"), MALFORMED_PACKET));
        c.add(new Case("AUTH in 3.1.1", "3.1.1 table 2.1 (type 15 reserved)", MQTT_3_1_1, hex("F0 00"),
                MALFORMED_PACKET));
        c.add(new Case("AUTH in 3.1", "3.1 (type 15 reserved)", MQTT_3_1, hex("F0 00"), MALFORMED_PACKET));
        c.add(new Case("PUBLISH before CONNECT", "[MQTT-3.1.0-1]", null, packet(0x30, str("t")), PROTOCOL_ERROR));
        c.add(new Case("PINGREQ before CONNECT", "[MQTT-3.1.0-1]", null, hex("C0 00"), PROTOCOL_ERROR));
        reservedFlags(c);
        // PUBLISH
        c.add(new Case("PUBLISH QoS 3", "[MQTT-3.3.1-4]", MQTT_3_1_1, packet(0x36, str("t"), ID), MALFORMED_PACKET));
        c.add(new Case("PUBLISH DUP at QoS 0", "[MQTT-3.3.1-2]", MQTT_3_1_1, packet(0x38, str("t")),
                MALFORMED_PACKET));
        c.add(new Case("PUBLISH packet id 0 at QoS 1", "[MQTT-2.2.1-3]", MQTT_3_1_1, packet(0x32, str("t"), hex("0000")),
                PROTOCOL_ERROR));
        c.add(new Case("PUBLISH packet id 0 at QoS 2", "[MQTT-2.2.1-3]", MQTT_5,
                packet(0x34, str("t"), hex("0000"), NO_PROPS), PROTOCOL_ERROR));
        c.add(new Case("PUBLISH QoS 1 without packet id", "[MQTT-2.2.1-3]", MQTT_3_1_1, packet(0x32, str("t"), hex("01")),
                MALFORMED_PACKET));
        for (String topic : new String[] {"a/+", "#", "a/#", "+", "a+b"}) {
            c.add(new Case("PUBLISH wildcard topic '" + topic + "'", "[MQTT-3.3.2-2]", MQTT_3_1_1,
                    packet(0x30, str(topic)), MALFORMED_PACKET));
            c.add(new Case("PUBLISH wildcard topic '" + topic + "'", "[MQTT-3.3.2-2]", MQTT_5,
                    packet(0x30, str(topic), NO_PROPS), PROTOCOL_ERROR)); // Mosquitto's reason
        }
        c.add(new Case("PUBLISH empty topic", "[MQTT-4.7.3-1]", MQTT_3_1_1, packet(0x30, str("")), MALFORMED_PACKET));
        c.add(new Case("PUBLISH topic length past the end", "spec 1.5.4", MQTT_3_1_1, packet(0x30, hex("0010 6162")),
                MALFORMED_PACKET));
        c.add(new Case("PUBLISH topic length 65535 in a tiny packet", "spec 1.5.4", MQTT_5,
                packet(0x30, hex("FFFF 61")), MALFORMED_PACKET));
        c.add(new Case("PUBLISH v5 missing property length", "spec 3.3.2.3", MQTT_5, packet(0x30, str("t")),
                MALFORMED_PACKET));
        // CONNECT
        c.add(new Case("protocol level 6", "[MQTT-3.1.2-2]", null,
                packet(0x10, MQTT, hex("06 02 003C"), str("c")), null));
        c.add(new Case("protocol MQTT level 3", "[MQTT-3.1.2-2]", null,
                packet(0x10, MQTT, hex("03 02 003C"), str("c")), null));
        c.add(new Case("protocol MQIsdp level 4", "[MQTT-3.1.2-2]", null,
                packet(0x10, str("MQIsdp"), hex("04 02 003C"), str("c")), null));
        c.add(new Case("protocol name HTTP", "[MQTT-3.1.2-1]", null,
                packet(0x10, str("HTTP"), hex("04 02 003C"), str("c")), MALFORMED_PACKET));
        c.add(new Case("reserved connect flag", "[MQTT-3.1.2-3]", null, connect311(0x03, str("c")), MALFORMED_PACKET));
        c.add(new Case("will QoS without will flag", "[MQTT-3.1.2-11]", null, connect311(0x0A, str("c")),
                MALFORMED_PACKET));
        c.add(new Case("will retain without will flag", "[MQTT-3.1.2-13]", null, connect311(0x22, str("c")),
                MALFORMED_PACKET));
        c.add(new Case("will QoS 3", "[MQTT-3.1.2-14] (3.1.1)", null,
                connect311(0x1E, str("c"), str("w"), str("x")), MALFORMED_PACKET));
        c.add(new Case("password without user name in 3.1.1", "[MQTT-3.1.2-22] (3.1.1)", null,
                connect311(0x42, str("c"), str("p")), MALFORMED_PACKET));
        c.add(new Case("will topic with wildcard", "[MQTT-3.3.2-2]", null,
                connect311(0x06, str("c"), str("w/#"), str("x")), MALFORMED_PACKET));
        c.add(new Case("will flag without will topic", "spec 3.1.3.3", null, connect311(0x06, str("c")),
                MALFORMED_PACKET));
        c.add(new Case("client id length past the end", "spec 1.5.4", null, connect311(0x02, hex("0005 6162")),
                MALFORMED_PACKET));
        c.add(new Case("CONNECT trailing byte", "spec 3.1.3", null, connect311(0x02, str("c"), hex("00")),
                MALFORMED_PACKET));
        c.add(new Case("CONNECT truncated after flags", "spec 3.1.2", null, packet(0x10, MQTT, hex("04 02")),
                MALFORMED_PACKET));
        // CONNACK
        c.add(new Case("CONNACK reserved acknowledge flags", "[MQTT-3.2.2-1]", MQTT_3_1_1, hex("20 02 02 00"),
                MALFORMED_PACKET));
        c.add(new Case("CONNACK return code 6", "3.1.1 table 3.1", MQTT_3_1_1, hex("20 02 00 06"), MALFORMED_PACKET));
        c.add(new Case("CONNACK reason 0x10 (not a CONNACK reason)", "spec 3.2.2.2", MQTT_5, hex("20 03 00 10 00"),
                PROTOCOL_ERROR));
        c.add(new Case("CONNACK 3.1.1 trailing byte", "spec 3.2", MQTT_3_1_1, hex("20 03 00 00 00"), MALFORMED_PACKET));
        acks(c);
        subscriptions(c);
        properties(c);
        // DISCONNECT, PING
        c.add(new Case("3.1.1 DISCONNECT with a body", "[MQTT-3.14.1-1]", MQTT_3_1_1, hex("E0 01 00"), MALFORMED_PACKET));
        c.add(new Case("DISCONNECT undefined reason 0x03", "spec 3.14.2.1", MQTT_5, hex("E0 01 03"), MALFORMED_PACKET));
        c.add(new Case("DISCONNECT reason 0x01 (not a DISCONNECT reason)", "spec 3.14.2.1", MQTT_5, hex("E0 01 01"),
                PROTOCOL_ERROR));
        c.add(new Case("PINGREQ with a body", "spec 3.12", MQTT_3_1_1, hex("C0 01 00"), MALFORMED_PACKET));
        c.add(new Case("PINGRESP with a body", "spec 3.13", MQTT_5, hex("D0 01 00"), MALFORMED_PACKET));
        c.add(new Case("AUTH reason 0x00 with trailing garbage", "spec 3.15", MQTT_5, hex("F0 03 00 00 00"),
                MALFORMED_PACKET));
        c.add(new Case("AUTH reason 0x87", "spec 3.15.2.1", MQTT_5, hex("F0 01 87"), PROTOCOL_ERROR));
        return c;
    }

    /** Reserved flag bits [MQTT-2.1.3-1]: every non-PUBLISH type with a wrong nibble. */
    private static void reservedFlags(List<Case> c) {
        Object[][] types = {
                {0x20, MQTT_3_1_1, hex("00 00")}, {0x40, MQTT_3_1_1, ID}, {0x50, MQTT_3_1_1, ID},
                {0x62, MQTT_3_1_1, ID}, {0x70, MQTT_3_1_1, ID}, {0x82, MQTT_3_1_1, concat(ID, str("a"), hex("00"))},
                {0x90, MQTT_3_1_1, concat(ID, hex("00"))}, {0xA2, MQTT_3_1_1, concat(ID, str("a"))},
                {0xB0, MQTT_3_1_1, ID}, {0xC0, MQTT_3_1_1, new byte[0]}, {0xD0, MQTT_3_1_1, new byte[0]},
                {0xE0, MQTT_3_1_1, new byte[0]}, {0xF0, MQTT_5, new byte[0]}};
        String[] rules = {"[MQTT-2.1.3-1]", "[MQTT-2.1.3-1]", "[MQTT-2.1.3-1]", "[MQTT-3.6.1-1]", "[MQTT-2.1.3-1]",
                "[MQTT-3.8.1-1]", "[MQTT-2.1.3-1]", "[MQTT-3.10.1-1]", "[MQTT-2.1.3-1]", "[MQTT-2.1.3-1]",
                "[MQTT-2.1.3-1]", "[MQTT-2.1.3-1]", "[MQTT-2.1.3-1]"};
        for (int i = 0; i < types.length; i++) {
            int good = (int) types[i][0];
            for (int bad : new int[] {good ^ 0x01, good ^ 0x02, good ^ 0x08}) {
                c.add(new Case(PacketType.of(good >> 4) + " flags 0b" + Integer.toBinaryString(bad & 0x0F), rules[i],
                        (ProtocolVersion) types[i][1], packet(bad, (byte[]) types[i][2]), MALFORMED_PACKET));
            }
        }
        c.add(new Case("CONNECT flags 0b0001", "[MQTT-2.1.3-1]", null,
                packet(0x11, MQTT, hex("04 02 003C"), str("c")), MALFORMED_PACKET));
    }

    private static void acks(List<Case> c) {
        for (int type : new int[] {0x40, 0x50, 0x62, 0x70}) {
            String name = PacketType.of(type >> 4).name();
            c.add(new Case(name + " packet id 0", "[MQTT-2.2.1-3]", MQTT_3_1_1, packet(type, hex("0000")),
                    PROTOCOL_ERROR));
            c.add(new Case(name + " 3.1.1 with 3 bytes", "spec 3.4.1", MQTT_3_1_1, packet(type, hex("0001 00")),
                    MALFORMED_PACKET));
            c.add(new Case(name + " 1 byte", "spec 3.4.2", MQTT_5, packet(type, hex("01")), MALFORMED_PACKET));
            c.add(new Case(name + " undefined reason 0x05", "spec 3.4.2.1", MQTT_5, packet(type, hex("0001 05")),
                    MALFORMED_PACKET));
            c.add(new Case(name + " trailing byte after properties", "spec 3.4.2.2", MQTT_5,
                    packet(type, hex("0001 00 00 00")), MALFORMED_PACKET));
        }
        c.add(new Case("PUBREL reason 0x10 (PUBREL allows 0x00, 0x92)", "spec 3.6.2.1", MQTT_5,
                packet(0x62, hex("0001 10")), PROTOCOL_ERROR));
        c.add(new Case("PUBCOMP reason 0x80", "spec 3.7.2.1", MQTT_5, packet(0x70, hex("0001 80")), PROTOCOL_ERROR));
        c.add(new Case("PUBACK reason 0x92", "spec 3.4.2.1", MQTT_5, packet(0x40, hex("0001 92")), PROTOCOL_ERROR));
    }

    private static void subscriptions(List<Case> c) {
        c.add(new Case("SUBSCRIBE without filters", "[MQTT-3.8.3-3]", MQTT_3_1_1, packet(0x82, ID), MALFORMED_PACKET));
        c.add(new Case("SUBSCRIBE without filters", "[MQTT-3.8.3-3]", MQTT_5, packet(0x82, ID, NO_PROPS),
                PROTOCOL_ERROR));
        c.add(new Case("SUBSCRIBE packet id 0", "[MQTT-2.2.1-3]", MQTT_3_1_1,
                packet(0x82, hex("0000"), str("a"), hex("00")), PROTOCOL_ERROR));
        c.add(new Case("SUBSCRIBE filter without options byte", "spec 3.8.3", MQTT_3_1_1, packet(0x82, ID, str("a")),
                MALFORMED_PACKET));
        for (String filter : new String[] {"a/#/b", "a+", "#a", "", "a/b#", "+a", "a/+b/c", "##",
                "$share//a", "$share/g", "$share/g/", "$share/a+/b", "$share/#/b", "$share/+/b"}) {
            for (ProtocolVersion v : new ProtocolVersion[] {MQTT_3_1_1, MQTT_5}) {
                c.add(new Case("SUBSCRIBE filter '" + filter + "'", "[MQTT-4.7.1-2] [MQTT-4.7.1-3] [MQTT-4.8.2-1]", v,
                        subscribe(v, filter, 0), MALFORMED_PACKET));
            }
            c.add(new Case("UNSUBSCRIBE filter '" + filter + "'", "[MQTT-4.7.1-2] [MQTT-4.7.1-3]", MQTT_3_1_1,
                    packet(0xA2, ID, str(filter)), MALFORMED_PACKET));
        }
        c.add(new Case("SUBSCRIBE QoS 3", "[MQTT-3.8.3-4] (3.1.1)", MQTT_3_1_1, subscribe(MQTT_3_1_1, "a", 3), MALFORMED_PACKET));
        c.add(new Case("SUBSCRIBE 3.1.1 reserved option bit 2", "[MQTT-3.8.3-4] (3.1.1)", MQTT_3_1_1,
                subscribe(MQTT_3_1_1, "a", 0x04), MALFORMED_PACKET));
        c.add(new Case("SUBSCRIBE 5.0 QoS 3", "spec 3.8.3.1", MQTT_5, subscribe(MQTT_5, "a", 3), MALFORMED_PACKET));
        c.add(new Case("SUBSCRIBE 5.0 reserved option bit 6", "[MQTT-3.8.3-5]", MQTT_5, subscribe(MQTT_5, "a", 0x40),
                MALFORMED_PACKET));
        c.add(new Case("SUBSCRIBE 5.0 retain handling 3", "spec 3.8.3.1", MQTT_5, subscribe(MQTT_5, "a", 0x30),
                MALFORMED_PACKET));
        c.add(new Case("SUBSCRIBE $share with No Local", "[MQTT-3.8.3-4]", MQTT_5,
                subscribe(MQTT_5, "$share/g/a", 0x04), PROTOCOL_ERROR));
        c.add(new Case("UNSUBSCRIBE without filters", "[MQTT-3.10.3-2]", MQTT_3_1_1, packet(0xA2, ID), MALFORMED_PACKET));
        c.add(new Case("UNSUBSCRIBE without filters", "[MQTT-3.10.3-2]", MQTT_5, packet(0xA2, ID, NO_PROPS),
                PROTOCOL_ERROR));
        c.add(new Case("SUBACK 3.1.1 return code 3", "3.1.1 spec 3.9.3", MQTT_3_1_1, packet(0x90, ID, hex("03")),
                MALFORMED_PACKET));
        c.add(new Case("SUBACK without return codes", "spec 3.9.3", MQTT_3_1_1, packet(0x90, ID), MALFORMED_PACKET));
        c.add(new Case("SUBACK 5.0 reason 0x92", "spec 3.9.3", MQTT_5, packet(0x90, ID, NO_PROPS, hex("92")),
                PROTOCOL_ERROR));
        c.add(new Case("UNSUBACK 3.1.1 with a payload", "spec 3.11", MQTT_3_1_1, packet(0xB0, ID, hex("00")),
                MALFORMED_PACKET));
        c.add(new Case("UNSUBACK 5.0 without reasons", "spec 3.11.3", MQTT_5, packet(0xB0, ID, NO_PROPS),
                MALFORMED_PACKET));
    }

    private static void properties(List<Case> c) {
        byte[] expiry = hex("02 0000003C");
        c.add(new Case("duplicate MESSAGE_EXPIRY_INTERVAL", "5.0 spec 2.2.2.2", MQTT_5, publish5(props(expiry, expiry)),
                PROTOCOL_ERROR));
        c.add(new Case("duplicate SUBSCRIPTION_IDENTIFIER in SUBSCRIBE", "spec 3.8.2.1.2", MQTT_5,
                packet(0x82, ID, props(hex("0B 01 0B 02")), str("a"), hex("00")), PROTOCOL_ERROR));
        c.add(new Case("SUBSCRIPTION_IDENTIFIER 0", "spec 3.8.2.1.2", MQTT_5,
                packet(0x82, ID, props(hex("0B 00")), str("a"), hex("00")), PROTOCOL_ERROR));
        c.add(new Case("SUBSCRIPTION_IDENTIFIER of 5 bytes", "[MQTT-1.5.5-1]", MQTT_5,
                packet(0x82, ID, props(hex("0B FF FF FF FF 01")), str("a"), hex("00")), MALFORMED_PACKET));
        c.add(new Case("unknown property 0x7F", "spec 2.2.2.2", MQTT_5, publish5(props(hex("7F 00"))),
                MALFORMED_PACKET));
        c.add(new Case("unknown property 0x00", "spec 2.2.2.2", MQTT_5, publish5(props(hex("00"))), MALFORMED_PACKET));
        c.add(new Case("SESSION_EXPIRY_INTERVAL in PUBLISH", "spec 2.2.2.2", MQTT_5,
                publish5(props(hex("11 0000000A"))), PROTOCOL_ERROR));
        c.add(new Case("TOPIC_ALIAS in CONNACK", "spec 2.2.2.2", MQTT_5, packet(0x20, hex("00 00"), props(hex("23 0001"))),
                PROTOCOL_ERROR));
        c.add(new Case("SESSION_EXPIRY_INTERVAL in will properties", "spec 3.1.3.2", null,
                connect5(NO_PROPS, 0x06, str("c"), props(hex("11 0000000A")), str("w"), str("x")), PROTOCOL_ERROR));
        c.add(new Case("RECEIVE_MAXIMUM 0", "[MQTT-3.1.2-20]", null, connect5(props(hex("21 0000")), 0x02, str("c")),
                PROTOCOL_ERROR));
        c.add(new Case("MAXIMUM_PACKET_SIZE 0", "[MQTT-3.1.2-24] (5.0)", null,
                connect5(props(hex("27 00000000")), 0x02, str("c")), PROTOCOL_ERROR));
        c.add(new Case("REQUEST_PROBLEM_INFORMATION 2", "spec 3.1.2.11.7", null,
                connect5(props(hex("17 02")), 0x02, str("c")), PROTOCOL_ERROR));
        c.add(new Case("duplicate AUTHENTICATION_METHOD", "5.0 spec 2.2.2.2", null,
                connect5(props(hex("15"), str("a"), hex("15"), str("a")), 0x02, str("c")), PROTOCOL_ERROR));
        c.add(new Case("TOPIC_ALIAS 0", "[MQTT-3.3.2-8]", MQTT_5, publish5(props(hex("23 0000"))), MALFORMED_PACKET));
        c.add(new Case("PAYLOAD_FORMAT_INDICATOR 2", "spec 3.3.2.3.2", MQTT_5, publish5(props(hex("01 02"))),
                PROTOCOL_ERROR));
        c.add(new Case("MAXIMUM_QOS 2", "spec 3.2.2.3.4", MQTT_5, packet(0x20, hex("00 00"), props(hex("24 02"))),
                PROTOCOL_ERROR));
        c.add(new Case("RESPONSE_TOPIC with wildcard", "[MQTT-3.3.2-14]", MQTT_5, publish5(props(hex("08"), str("r/#"))),
                PROTOCOL_ERROR));
        c.add(new Case("property length past the end", "spec 2.2.2.1", MQTT_5, packet(0x30, str("t"), hex("05 01 01")),
                MALFORMED_PACKET));
        c.add(new Case("property value past the property length", "spec 2.2.2.1", MQTT_5,
                packet(0x30, str("t"), hex("02 02 00 00 00 3C")), MALFORMED_PACKET));
        c.add(new Case("user property missing its value", "spec 3.3.2.3.7", MQTT_5, publish5(props(hex("26"), str("k"))),
                MALFORMED_PACKET));
        c.add(new Case("string property length past its block", "spec 1.5.4", MQTT_5, publish5(props(hex("03 0009 61"))),
                MALFORMED_PACKET));
    }

    static Stream<Arguments> cases() {
        return corpus().stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRejectedWithTheSpecsReason(Case c) {
        Throwable thrown = catchThrowable(() -> Framer.decodeOne(c.bytes(), c.version()));
        if (c.reason() == null) {
            assertThat(thrown).isInstanceOf(UnsupportedProtocolVersionException.class);
        } else {
            assertThat(thrown).isInstanceOf(MalformedPacketException.class);
            assertThat(((MalformedPacketException) thrown).reason()).as(thrown.getMessage()).isEqualTo(c.reason());
        }
    }

    @Test
    void unsupportedLevelTellsWhichConnAckToAnswerWith() {
        Throwable v6 = catchThrowable(() -> Framer.decodeOne(packet(0x10, MQTT, hex("06 02 003C"), str("c")), null));
        assertThat(((UnsupportedProtocolVersionException) v6).level()).isEqualTo(6);
        // answered in 3.1.1 form whatever the level, as Mosquitto does: every client can read it
        assertThat(((UnsupportedProtocolVersionException) v6).replyVersion()).isEqualTo(MQTT_3_1_1);
        Throwable v2 = catchThrowable(() -> Framer.decodeOne(packet(0x10, MQTT, hex("02 02 003C"), str("c")), null));
        assertThat(((UnsupportedProtocolVersionException) v2).replyVersion()).isEqualTo(MQTT_3_1_1);
    }

    @Test
    void readFixedHeaderWaitsForMoreBytesWithoutMoving() throws Exception {
        for (String partial : new String[] {"", "30", "30 80", "30 80 80", "30 80 80 80"}) {
            ByteBuffer in = ByteBuffer.wrap(hex(partial));
            assertThat(PacketDecoder.readFixedHeader(in)).isNull();
            assertThat(in.position()).isZero();
        }
        assertThatThrownBy(() -> PacketDecoder.readFixedHeader(ByteBuffer.wrap(hex("30 80 80 80 80"))))
                .as("[MQTT-1.5.5-1]").isInstanceOf(MalformedPacketException.class);
        FixedHeader max = PacketDecoder.readFixedHeader(ByteBuffer.wrap(hex("30 FF FF FF 7F")));
        assertThat(max.remainingLength()).isEqualTo(268_435_455);
        assertThat(max.headerLength()).isEqualTo(5);
    }

    @Test
    void controlCharactersAndNonCharactersAreAllowedInStrings() throws Exception {
        // spec 1.5.4: U+0001..U+001F, U+007F..U+009F and non-characters MAY be rejected; Tombo accepts them
        String topic = "a\u0001\u001F\u007F\u0085\uFFFF\uFEFF";
        Packet p = Framer.decodeOne(packet(0x30, str(topic)), MQTT_3_1_1);
        assertThat(((Publish) p).topic()).isEqualTo(topic); // a BOM is kept, never stripped [MQTT-1.5.4-3]
    }
}
