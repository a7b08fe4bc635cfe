package io.tombo.codec;

import java.util.EnumSet;
import java.util.Set;

import static io.tombo.codec.PacketType.AUTH;
import static io.tombo.codec.PacketType.CONNACK;
import static io.tombo.codec.PacketType.CONNECT;
import static io.tombo.codec.PacketType.DISCONNECT;
import static io.tombo.codec.PacketType.PUBACK;
import static io.tombo.codec.PacketType.PUBCOMP;
import static io.tombo.codec.PacketType.PUBLISH;
import static io.tombo.codec.PacketType.PUBREC;
import static io.tombo.codec.PacketType.PUBREL;
import static io.tombo.codec.PacketType.SUBACK;
import static io.tombo.codec.PacketType.SUBSCRIBE;
import static io.tombo.codec.PacketType.UNSUBACK;
import static io.tombo.codec.PacketType.UNSUBSCRIBE;

/**
 * MQTT 5 properties (spec 2.2.2.2, table 2-4): identifier, wire type and the packets that may carry each.
 * {@link #inWill} marks the properties of the CONNECT will properties block. The decoder rejects a property
 * outside its packets as a protocol error and an unknown identifier as malformed.
 */
public enum Property {
    PAYLOAD_FORMAT_INDICATOR(0x01, Type.BYTE, true, PUBLISH),
    MESSAGE_EXPIRY_INTERVAL(0x02, Type.FOUR_BYTE, true, PUBLISH),
    CONTENT_TYPE(0x03, Type.UTF8, true, PUBLISH),
    RESPONSE_TOPIC(0x08, Type.UTF8, true, PUBLISH),
    CORRELATION_DATA(0x09, Type.BINARY, true, PUBLISH),
    SUBSCRIPTION_IDENTIFIER(0x0B, Type.VARINT, false, PUBLISH, SUBSCRIBE),
    SESSION_EXPIRY_INTERVAL(0x11, Type.FOUR_BYTE, false, CONNECT, CONNACK, DISCONNECT),
    ASSIGNED_CLIENT_IDENTIFIER(0x12, Type.UTF8, false, CONNACK),
    SERVER_KEEP_ALIVE(0x13, Type.TWO_BYTE, false, CONNACK),
    AUTHENTICATION_METHOD(0x15, Type.UTF8, false, CONNECT, CONNACK, AUTH),
    AUTHENTICATION_DATA(0x16, Type.BINARY, false, CONNECT, CONNACK, AUTH),
    REQUEST_PROBLEM_INFORMATION(0x17, Type.BYTE, false, CONNECT),
    WILL_DELAY_INTERVAL(0x18, Type.FOUR_BYTE, true),
    REQUEST_RESPONSE_INFORMATION(0x19, Type.BYTE, false, CONNECT),
    RESPONSE_INFORMATION(0x1A, Type.UTF8, false, CONNACK),
    SERVER_REFERENCE(0x1C, Type.UTF8, false, CONNACK, DISCONNECT),
    REASON_STRING(0x1F, Type.UTF8, false, CONNACK, PUBACK, PUBREC, PUBREL, PUBCOMP, SUBACK, UNSUBACK,
            DISCONNECT, AUTH),
    RECEIVE_MAXIMUM(0x21, Type.TWO_BYTE, false, CONNECT, CONNACK),
    TOPIC_ALIAS_MAXIMUM(0x22, Type.TWO_BYTE, false, CONNECT, CONNACK),
    TOPIC_ALIAS(0x23, Type.TWO_BYTE, false, PUBLISH),
    MAXIMUM_QOS(0x24, Type.BYTE, false, CONNACK),
    RETAIN_AVAILABLE(0x25, Type.BYTE, false, CONNACK),
    USER_PROPERTY(0x26, Type.UTF8_PAIR, true, CONNECT, CONNACK, PUBLISH, PUBACK, PUBREC, PUBREL, PUBCOMP,
            SUBSCRIBE, SUBACK, UNSUBSCRIBE, UNSUBACK, DISCONNECT, AUTH),
    MAXIMUM_PACKET_SIZE(0x27, Type.FOUR_BYTE, false, CONNECT, CONNACK),
    WILDCARD_SUBSCRIPTION_AVAILABLE(0x28, Type.BYTE, false, CONNACK),
    SUBSCRIPTION_IDENTIFIER_AVAILABLE(0x29, Type.BYTE, false, CONNACK),
    SHARED_SUBSCRIPTION_AVAILABLE(0x2A, Type.BYTE, false, CONNACK);

    /** Wire encodings of property values (spec 1.5). */
    public enum Type { BYTE, TWO_BYTE, FOUR_BYTE, VARINT, UTF8, BINARY, UTF8_PAIR }

    private static final Property[] BY_ID = new Property[128];

    static {
        for (Property p : values()) {
            BY_ID[p.id] = p;
        }
    }

    private final int id;
    private final Type type;
    private final boolean inWill;
    private final Set<PacketType> packets;

    Property(int id, Type type, boolean inWill, PacketType... packets) {
        this.id = id;
        this.type = type;
        this.inWill = inWill;
        this.packets = packets.length == 0 ? EnumSet.noneOf(PacketType.class) : EnumSet.of(packets[0], packets);
    }

    public int id() {
        return id;
    }

    public Type type() {
        return type;
    }

    /** Whether the property may appear in the will properties of CONNECT. */
    public boolean inWill() {
        return inWill;
    }

    public boolean allowedIn(PacketType packet) {
        return packets.contains(packet);
    }

    /** The property with this identifier, or null when the spec defines none. */
    public static Property of(int id) {
        return id >= 0 && id < BY_ID.length ? BY_ID[id] : null;
    }
}
