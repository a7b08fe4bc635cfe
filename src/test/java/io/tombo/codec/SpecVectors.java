package io.tombo.codec;

import java.nio.charset.StandardCharsets;
import java.util.List;

import static io.tombo.codec.Bytes.hex;
import static io.tombo.codec.ProtocolVersion.MQTT_3_1;
import static io.tombo.codec.ProtocolVersion.MQTT_3_1_1;
import static io.tombo.codec.ProtocolVersion.MQTT_5;

/** Hand-written byte vectors, laid out as the spec's figures lay packets out. */
final class SpecVectors {
    record Vector(String name, ProtocolVersion version, Packet packet, byte[] bytes) {
    }

    private static final Properties NONE = Properties.EMPTY;

    private SpecVectors() {
    }

    static List<Vector> all() {
        return List.of(
                new Vector("3.1 CONNECT MQIsdp/3 (3.1 spec fig. 3.1)", MQTT_3_1,
                        new Connect(MQTT_3_1, "abc", true, 60, null, null, null, NONE),
                        hex("10 11 0006 4D5149736470 03 02 003C 0003 616263")),
                new Vector("3.1.1 CONNECT clean session (spec 3.1.2.10 example)", MQTT_3_1_1,
                        new Connect(MQTT_3_1_1, "abc", true, 60, null, null, null, NONE),
                        hex("10 0F 0004 4D515454 04 02 003C 0003 616263")),
                new Vector("3.1.1 CONNECT with will, user name and password", MQTT_3_1_1,
                        new Connect(MQTT_3_1_1, "c", false, 10, "u", new byte[] {'p'},
                                new Will("w", new byte[] {'x'}, QoS.AT_LEAST_ONCE, true, NONE), NONE),
                        hex("10 19 0004 4D515454 04 EC 000A 0001 63 0001 77 0001 78 0001 75 0001 70")),
                new Vector("5.0 CONNECT, empty properties", MQTT_5,
                        new Connect(MQTT_5, "abc", true, 60, null, null, null, NONE),
                        hex("10 10 0004 4D515454 05 02 003C 00 0003 616263")),
                new Vector("5.0 CONNECT with session expiry and receive maximum", MQTT_5,
                        new Connect(MQTT_5, "", true, 0, null, null, null, Properties.builder()
                                .put(Property.SESSION_EXPIRY_INTERVAL, 3600L)
                                .put(Property.RECEIVE_MAXIMUM, 20).build()),
                        hex("10 15 0004 4D515454 05 02 0000 08 11 00000E10 21 0014 0000")),
                new Vector("3.1.1 CONNACK session present", MQTT_3_1_1,
                        new ConnAck(true, ReasonCode.SUCCESS, NONE), hex("20 02 01 00")),
                new Vector("5.0 CONNACK success", MQTT_5,
                        new ConnAck(false, ReasonCode.SUCCESS, NONE), hex("20 03 00 00 00")),
                new Vector("3.1.1 PUBLISH QoS 1 (spec 3.3.2.3 example)", MQTT_3_1_1,
                        new Publish("a/b", QoS.AT_LEAST_ONCE, false, false, 10, NONE, ascii("hi")),
                        hex("32 09 0003 612F62 000A 6869")),
                new Vector("3.1.1 PUBLISH QoS 2 DUP retain, empty payload", MQTT_3_1_1,
                        new Publish("a", QoS.EXACTLY_ONCE, true, true, 1, NONE, new byte[0]),
                        hex("3D 05 0001 61 0001")),
                new Vector("5.0 PUBLISH QoS 0, no properties", MQTT_5,
                        new Publish("a/b", QoS.AT_MOST_ONCE, false, false, 0, NONE, ascii("hi")),
                        hex("30 08 0003 612F62 00 6869")),
                new Vector("5.0 PUBLISH with message expiry and a user property", MQTT_5,
                        new Publish("t", QoS.AT_MOST_ONCE, false, false, 0, Properties.builder()
                                .put(Property.MESSAGE_EXPIRY_INTERVAL, 60L).userProperty("k", "v").build(),
                                new byte[0]),
                        hex("30 10 0001 74 0C 02 0000003C 26 0001 6B 0001 76")),
                new Vector("5.0 PUBLISH multi-byte UTF-8 topic", MQTT_5,
                        new Publish("é/😀", QoS.AT_MOST_ONCE, false, false, 0, NONE, new byte[0]),
                        hex("30 0A 0007 C3A9 2F F09F9880 00")),
                new Vector("3.1.1 PUBACK", MQTT_3_1_1, new PubAck(10), hex("40 02 000A")),
                new Vector("5.0 PUBACK success: reason omitted (spec 3.4.2.1)", MQTT_5, new PubAck(10),
                        hex("40 02 000A")),
                new Vector("5.0 PUBACK reason without properties", MQTT_5,
                        new PubAck(10, ReasonCode.NO_MATCHING_SUBSCRIBERS, NONE), hex("40 03 000A 10")),
                new Vector("5.0 PUBREC with reason string", MQTT_5,
                        new PubRec(10, ReasonCode.SUCCESS, Properties.builder()
                                .put(Property.REASON_STRING, "ok").build()), hex("50 09 000A 00 05 1F 0002 6F6B")),
                new Vector("3.1.1 PUBREL flags 0010", MQTT_3_1_1, new PubRel(10), hex("62 02 000A")),
                new Vector("5.0 PUBCOMP not found", MQTT_5,
                        new PubComp(10, ReasonCode.PACKET_IDENTIFIER_NOT_FOUND, NONE), hex("70 03 000A 92")),
                new Vector("3.1.1 SUBSCRIBE (spec 3.8.3 example)", MQTT_3_1_1,
                        new Subscribe(1, List.of(new Subscription("a/#", QoS.AT_LEAST_ONCE)), NONE),
                        hex("82 08 0001 0003 612F23 01")),
                new Vector("5.0 SUBSCRIBE options and subscription identifier", MQTT_5,
                        new Subscribe(1, List.of(new Subscription("a/#", QoS.AT_LEAST_ONCE, true, true,
                                RetainHandling.SEND_IF_NEW_SUBSCRIPTION)), Properties.builder()
                                .put(Property.SUBSCRIPTION_IDENTIFIER, 128).build()),
                        hex("82 0C 0001 03 0B 8001 0003 612F23 1D")),
                new Vector("3.1.1 SUBACK granted and failure", MQTT_3_1_1,
                        new SubAck(1, List.of(ReasonCode.SUCCESS, ReasonCode.UNSPECIFIED_ERROR), NONE),
                        hex("90 04 0001 00 80")),
                new Vector("5.0 SUBACK", MQTT_5,
                        new SubAck(1, List.of(ReasonCode.GRANTED_QOS_2, ReasonCode.NOT_AUTHORIZED), NONE),
                        hex("90 05 0001 00 02 87")),
                new Vector("3.1.1 UNSUBSCRIBE", MQTT_3_1_1,
                        new Unsubscribe(2, List.of("a/b", "c"), NONE), hex("A2 0A 0002 0003 612F62 0001 63")),
                new Vector("3.1.1 UNSUBACK", MQTT_3_1_1, new UnsubAck(5, List.of(), NONE), hex("B0 02 0005")),
                new Vector("5.0 UNSUBACK", MQTT_5,
                        new UnsubAck(5, List.of(ReasonCode.SUCCESS, ReasonCode.NO_SUBSCRIPTION_EXISTED), NONE),
                        hex("B0 05 0005 00 00 11")),
                new Vector("PINGREQ", MQTT_3_1_1, PingReq.INSTANCE, hex("C0 00")),
                new Vector("PINGRESP", MQTT_5, PingResp.INSTANCE, hex("D0 00")),
                new Vector("3.1.1 DISCONNECT", MQTT_3_1_1, Disconnect.NORMAL, hex("E0 00")),
                new Vector("5.0 DISCONNECT normal: empty body (spec 3.14.2.1)", MQTT_5, Disconnect.NORMAL,
                        hex("E0 00")),
                new Vector("5.0 DISCONNECT with will", MQTT_5,
                        new Disconnect(ReasonCode.DISCONNECT_WITH_WILL_MESSAGE, NONE), hex("E0 01 04")),
                new Vector("5.0 AUTH continue with method", MQTT_5,
                        new Auth(ReasonCode.CONTINUE_AUTHENTICATION, Properties.builder()
                                .put(Property.AUTHENTICATION_METHOD, "x").build()), hex("F0 06 18 04 15 0001 78")));
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }
}
