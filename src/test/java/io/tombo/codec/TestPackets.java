package io.tombo.codec;

import java.util.ArrayList;
import java.util.List;

/** Test fixtures: one interesting packet of every type a version has, 5.0 ones with every property allowed. */
final class TestPackets {
    static final String MULTI_BYTE_TOPIC = "sensors/température/湿度/😀";

    private TestPackets() {
    }

    /** A sample value of each property: flags 1, numbers non-zero, strings multi-byte, topics valid names. */
    static Object sampleValue(Property p) {
        return switch (p) {
            case RESPONSE_TOPIC -> "réponse/topic";
            case SUBSCRIPTION_IDENTIFIER -> 268_435_455;
            default -> switch (p.type()) {
                case BYTE -> 1;
                case TWO_BYTE -> 0xFFFF;
                case FOUR_BYTE -> 0xFFFF_FFFFL;
                case VARINT -> 42;
                case UTF8 -> "text/ü-" + p.id();
                case BINARY -> new byte[] {0, 1, (byte) 0xFF};
                case UTF8_PAIR -> new UserProperty("k", "v");
            };
        };
    }

    /** Every property allowed in {@code type}, user properties repeated (same name twice, order kept). */
    static Properties allProperties(PacketType type) {
        Properties.Builder b = Properties.builder();
        for (Property p : Property.values()) {
            if (p.allowedIn(type) && p != Property.USER_PROPERTY) {
                b.put(p, sampleValue(p));
            }
        }
        if (type == PacketType.PUBLISH) {
            b.put(Property.SUBSCRIPTION_IDENTIFIER, 1);
        }
        return b.userProperty("name", "1").userProperty("name", "2").userProperty("ключ", "").build();
    }

    static Properties willProperties() {
        Properties.Builder b = Properties.builder();
        for (Property p : Property.values()) {
            if (p.inWill() && p != Property.USER_PROPERTY) {
                b.put(p, sampleValue(p));
            }
        }
        return b.userProperty("will", "yes").build();
    }

    /** One packet of each type {@code version} has, with the fields it lacks left at their neutral values. */
    static List<Packet> all(ProtocolVersion v) {
        boolean v5 = v.isV5();
        List<Packet> packets = new ArrayList<>();
        Properties none = Properties.EMPTY;
        packets.add(new Connect(v, v == ProtocolVersion.MQTT_3_1 ? "a-3.1-client-id-longer-than-23" : "client-ü",
                true, 60, "user", new byte[] {1, 2}, new Will("will/" + MULTI_BYTE_TOPIC, new byte[] {9},
                QoS.EXACTLY_ONCE, true, v5 ? willProperties() : none), v5 ? props(PacketType.CONNECT, v) : none));
        packets.add(new Connect(v, "", false, 0, null, null, null, none));
        packets.add(new ConnAck(v != ProtocolVersion.MQTT_3_1, v5 ? ReasonCode.SUCCESS : ReasonCode.NOT_AUTHORIZED,
                props(PacketType.CONNACK, v)));
        packets.add(new Publish(MULTI_BYTE_TOPIC, QoS.AT_LEAST_ONCE, true, true, 65535,
                props(PacketType.PUBLISH, v), new byte[] {1, 2, 3}));
        packets.add(new Publish("a/b", QoS.AT_MOST_ONCE, false, false, 0, none, new byte[0]));
        packets.add(new Publish("a/b", QoS.EXACTLY_ONCE, false, false, 7, none, new byte[300]));
        ReasonCode ackReason = v5 ? ReasonCode.NO_MATCHING_SUBSCRIBERS : ReasonCode.SUCCESS;
        packets.add(new PubAck(1, ackReason, props(PacketType.PUBACK, v)));
        packets.add(new PubAck(2));
        packets.add(new PubRec(3, v5 ? ReasonCode.QUOTA_EXCEEDED : ReasonCode.SUCCESS, none));
        packets.add(new PubRec(4, ReasonCode.SUCCESS, props(PacketType.PUBREC, v)));
        packets.add(new PubRel(5, v5 ? ReasonCode.PACKET_IDENTIFIER_NOT_FOUND : ReasonCode.SUCCESS,
                props(PacketType.PUBREL, v)));
        packets.add(new PubComp(6, ReasonCode.SUCCESS, props(PacketType.PUBCOMP, v)));
        packets.add(new Subscribe(8, List.of(
                new Subscription(MULTI_BYTE_TOPIC + "/#", QoS.EXACTLY_ONCE),
                v5 ? new Subscription("+/x/+", QoS.AT_LEAST_ONCE, true, true, RetainHandling.DO_NOT_SEND)
                        : new Subscription("+/x/+", QoS.AT_LEAST_ONCE),
                new Subscription("$share/group/a/#", QoS.AT_MOST_ONCE)), props(PacketType.SUBSCRIBE, v)));
        packets.add(new SubAck(8, v5
                ? List.of(ReasonCode.GRANTED_QOS_2, ReasonCode.SUCCESS, ReasonCode.TOPIC_FILTER_INVALID)
                : List.of(ReasonCode.GRANTED_QOS_2, ReasonCode.GRANTED_QOS_1, ReasonCode.SUCCESS,
                        ReasonCode.UNSPECIFIED_ERROR), props(PacketType.SUBACK, v)));
        packets.add(new Unsubscribe(9, List.of("#", "a/+/b", MULTI_BYTE_TOPIC), props(PacketType.UNSUBSCRIBE, v)));
        packets.add(new UnsubAck(9, v5 ? List.of(ReasonCode.SUCCESS, ReasonCode.NO_SUBSCRIPTION_EXISTED)
                : List.of(), props(PacketType.UNSUBACK, v)));
        packets.add(PingReq.INSTANCE);
        packets.add(PingResp.INSTANCE);
        packets.add(Disconnect.NORMAL);
        if (v5) {
            packets.add(new Disconnect(ReasonCode.DISCONNECT_WITH_WILL_MESSAGE, none));
            packets.add(new Disconnect(ReasonCode.SERVER_SHUTTING_DOWN, props(PacketType.DISCONNECT, v)));
            packets.add(new Auth(ReasonCode.SUCCESS, none));
            packets.add(new Auth(ReasonCode.CONTINUE_AUTHENTICATION, props(PacketType.AUTH, v)));
        }
        return packets;
    }

    private static Properties props(PacketType type, ProtocolVersion v) {
        return v.isV5() ? allProperties(type) : Properties.EMPTY;
    }
}
