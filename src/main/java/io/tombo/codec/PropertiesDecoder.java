package io.tombo.codec;

/**
 * Reads an MQTT 5 property block (spec 2.2.2): a variable byte integer length, then identifier/value pairs
 * that must fit inside it. Faults the spec calls malformed (lengths, unknown identifiers, bad UTF-8) are
 * MALFORMED_PACKET; well-formed properties that break a rule (wrong packet, repeated, out-of-range value) are
 * PROTOCOL_ERROR, as Mosquitto and HiveMQ classify them.
 */
final class PropertiesDecoder {
    private PropertiesDecoder() {
    }

    /** The properties of a packet of type {@code packet}. */
    static Properties read(WireReader in, PacketType packet) throws MalformedPacketException {
        return read(in, packet, false);
    }

    /** The will properties of a CONNECT (spec 3.1.3.2): only those {@link Property#inWill()} allows. */
    static Properties readWill(WireReader in) throws MalformedPacketException {
        return read(in, PacketType.CONNECT, true);
    }

    private static Properties read(WireReader in, PacketType packet, boolean will) throws MalformedPacketException {
        int length = in.varint("property length");
        if (length == 0) {
            return Properties.EMPTY;
        }
        int outerLimit = in.limitTo(length, "properties");
        Properties.Builder builder = Properties.builder();
        long seen = 0; // bit per identifier; every identifier is below 64
        while (in.hasRemaining()) {
            Property p = identify(in.varint("property identifier"), packet, will);
            long bit = 1L << p.id();
            if ((seen & bit) != 0 && !repeatable(p, packet)) {
                throw WireReader.protocolError(p + " appears twice in " + packet + " (5.0 spec 2.2.2.2)");
            }
            seen |= bit;
            builder.put(p, value(in, p));
        }
        in.restoreLimit(outerLimit);
        return builder.build();
    }

    private static Property identify(int id, PacketType packet, boolean will) throws MalformedPacketException {
        Property p = Property.of(id);
        if (p == null) {
            throw WireReader.malformed("unknown property identifier 0x" + Integer.toHexString(id));
        }
        if (will ? !p.inWill() : !p.allowedIn(packet)) {
            throw WireReader.protocolError(p + " is not allowed in " + (will ? "will properties" : packet));
        }
        return p;
    }

    /** User properties repeat anywhere (5.0 spec 3.1.2.11.8); subscription identifiers repeat in PUBLISH (3.3.2.3.8). */
    private static boolean repeatable(Property p, PacketType packet) {
        return p == Property.USER_PROPERTY
                || p == Property.SUBSCRIPTION_IDENTIFIER && packet == PacketType.PUBLISH;
    }

    private static Object value(WireReader in, Property p) throws MalformedPacketException {
        String name = p.name();
        return switch (p.type()) {
            case BYTE -> checkByte(p, in.u8(name));
            case TWO_BYTE -> checkTwoByte(p, in.u16(name));
            case FOUR_BYTE -> checkFourByte(p, in.u32(name));
            case VARINT -> checkVarint(p, in.varint(name));
            case UTF8 -> checkString(p, in.string(name));
            case BINARY -> in.binary(name);
            case UTF8_PAIR -> new UserProperty(in.string("user property name"), in.string("user property value"));
        };
    }

    /** Every byte property is a 0/1 flag (MAXIMUM_QOS: 2 is expressed by absence, 3.2.2.3.4). */
    private static Integer checkByte(Property p, int value) throws MalformedPacketException {
        if (value > 1) {
            throw WireReader.protocolError(p + " must be 0 or 1, was " + value);
        }
        return value;
    }

    private static Integer checkTwoByte(Property p, int value) throws MalformedPacketException {
        if (value == 0) {
            switch (p) {
                case RECEIVE_MAXIMUM -> throw WireReader.protocolError("RECEIVE_MAXIMUM 0 [MQTT-3.1.2-20]");
                case TOPIC_ALIAS -> throw new MalformedPacketException(ReasonCode.MALFORMED_PACKET,
                        "TOPIC_ALIAS 0 [MQTT-3.3.2-8]"); // Mosquitto's answer; the spec names none
                default -> {
                }
            }
        }
        return value;
    }

    private static Long checkFourByte(Property p, long value) throws MalformedPacketException {
        if (value == 0 && p == Property.MAXIMUM_PACKET_SIZE) {
            throw WireReader.protocolError("MAXIMUM_PACKET_SIZE 0 [MQTT-3.1.2-24] (5.0)");
        }
        return value;
    }

    private static Integer checkVarint(Property p, int value) throws MalformedPacketException {
        if (value == 0 && p == Property.SUBSCRIPTION_IDENTIFIER) {
            throw WireReader.protocolError("SUBSCRIPTION_IDENTIFIER 0 (spec 3.8.2.1.2)");
        }
        return value;
    }

    /** A response topic is a topic name: no wildcards [MQTT-3.3.2-14]. */
    private static String checkString(Property p, String value) throws MalformedPacketException {
        if (p == Property.RESPONSE_TOPIC && !Topics.isValidName(value)) {
            throw WireReader.protocolError("RESPONSE_TOPIC is not a valid topic name [MQTT-3.3.2-14]");
        }
        return value;
    }
}
