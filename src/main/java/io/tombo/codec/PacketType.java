package io.tombo.codec;

/** Control packet types with their fixed-header type nibble. */
public enum PacketType {
    CONNECT(1), CONNACK(2), PUBLISH(3), PUBACK(4), PUBREC(5), PUBREL(6), PUBCOMP(7),
    SUBSCRIBE(8), SUBACK(9), UNSUBSCRIBE(10), UNSUBACK(11), PINGREQ(12), PINGRESP(13),
    DISCONNECT(14), AUTH(15);

    private final int code;

    PacketType(int code) {
        this.code = code;
    }

    public int code() {
        return code;
    }

    private static final PacketType[] VALUES = values(); // values() copies the array: once per packet was a hot spot

    /** The type for a fixed-header nibble, or null for 0 (reserved). */
    public static PacketType of(int code) {
        return code >= 1 && code <= 15 ? VALUES[code - 1] : null;
    }
}
