package io.tombo.codec;

import java.nio.ByteBuffer;

/**
 * Strict decoder from bytes to {@link Packet}s for MQTT 3.1, 3.1.1 and 5.0. Stateless and thread-safe. It
 * decodes every packet type in either direction (the client shares it); which side may send what is the
 * connection's check. Any input either decodes or throws {@link MalformedPacketException} /
 * {@link UnsupportedProtocolVersionException}; no other exception escapes for any bytes.
 */
public final class PacketDecoder {
    private PacketDecoder() {
    }

    /**
     * Reads the fixed header at {@code in.position()} without moving it. Returns null while the header is
     * incomplete; throws MALFORMED_PACKET for a remaining length over four bytes [MQTT-1.5.5-1] and for a first
     * byte no packet may start with.
     */
    public static FixedHeader readFixedHeader(ByteBuffer in) throws MalformedPacketException {
        int start = in.position();
        int available = in.remaining();
        if (available < 2) {
            return null;
        }
        int firstByte = in.get(start) & 0xFF;
        checkFirstByte(firstByte);
        int length = 0;
        for (int i = 0; i < 4; i++) {
            if (available < 2 + i) {
                return null;
            }
            int b = in.get(start + 1 + i) & 0xFF;
            length |= (b & 0x7F) << (7 * i);
            if ((b & 0x80) == 0) {
                if (b == 0 && i > 0) {
                    throw WireReader.malformed("remaining length not in its shortest form [MQTT-1.5.5-1]");
                }
                return new FixedHeader(firstByte, length, 2 + i);
            }
        }
        throw WireReader.malformed("remaining length longer than four bytes [MQTT-1.5.5-1]");
    }

    /**
     * Decodes one packet whose body ({@code header.remainingLength()} bytes) is exactly {@code body}'s remaining
     * bytes, consuming them. {@code version} is the connection's protocol version, or null before CONNECT, when
     * only a CONNECT decodes (its own level picks the rules).
     *
     * @throws IllegalArgumentException when {@code body} does not hold exactly the remaining length
     */
    public static Packet decode(FixedHeader header, ByteBuffer body, ProtocolVersion version)
            throws MalformedPacketException, UnsupportedProtocolVersionException {
        if (body.remaining() != header.remainingLength()) {
            throw new IllegalArgumentException("body holds " + body.remaining() + " bytes, header says "
                    + header.remainingLength());
        }
        PacketType type = header.packetType();
        if (type == null) {
            throw WireReader.malformed("reserved packet type 0 (spec 2.1.2)");
        }
        if (version == null && type != PacketType.CONNECT) {
            throw WireReader.protocolError(type + " before CONNECT [MQTT-3.1.0-1]");
        }
        if (type == PacketType.AUTH && !version.isV5()) {
            throw WireReader.malformed("packet type 15 is reserved before MQTT 5 (3.1.1 table 2.1)");
        }
        checkFlags(type, header.flags());
        WireReader in = new WireReader(body);
        return switch (type) {
            case CONNECT -> ConnectDecoder.connect(in);
            case CONNACK -> ConnectDecoder.connAck(in, version);
            case PUBLISH -> PublishDecoder.publish(header.flags(), in, version);
            case PUBACK, PUBREC, PUBREL, PUBCOMP -> PublishDecoder.ack(type, in, version);
            case SUBSCRIBE -> SubscriptionDecoder.subscribe(in, version);
            case SUBACK -> SubscriptionDecoder.subAck(in, version);
            case UNSUBSCRIBE -> SubscriptionDecoder.unsubscribe(in, version);
            case UNSUBACK -> SubscriptionDecoder.unsubAck(in, version);
            case PINGREQ -> empty(in, type, PingReq.INSTANCE);
            case PINGRESP -> empty(in, type, PingResp.INSTANCE);
            case DISCONNECT -> disconnect(in, version);
            case AUTH -> auth(in);
        };
    }

    /**
     * What the first byte alone tells: a reserved type, reserved flags or PUBLISH QoS 3. Checked before the body
     * arrives, so a connection sending a bad header is closed without waiting for (or buffering) its body.
     */
    private static void checkFirstByte(int firstByte) throws MalformedPacketException {
        PacketType type = PacketType.of(firstByte >>> 4);
        if (type == null) {
            throw WireReader.malformed("reserved packet type 0 (spec 2.1.2)");
        }
        if (type == PacketType.PUBLISH && ((firstByte >> 1) & 0b11) == 3) {
            throw WireReader.malformed("PUBLISH with QoS 3 [MQTT-3.3.1-4]");
        }
        checkFlags(type, firstByte & 0x0F);
    }

    /**
     * Reserved flag bits must hold their fixed values [MQTT-2.1.3-1]: 0b0010 for PUBREL [MQTT-3.6.1-1],
     * SUBSCRIBE [MQTT-3.8.1-1] and UNSUBSCRIBE [MQTT-3.10.1-1], 0 elsewhere; PUBLISH's are its own.
     */
    private static void checkFlags(PacketType type, int flags) throws MalformedPacketException {
        int expected = switch (type) {
            case PUBLISH -> flags;
            case PUBREL, SUBSCRIBE, UNSUBSCRIBE -> 0b0010;
            default -> 0;
        };
        if (flags != expected) {
            throw WireReader.malformed(type + " with reserved flags 0b" + Integer.toBinaryString(flags)
                    + " [MQTT-2.1.3-1]");
        }
    }

    private static Packet empty(WireReader in, PacketType type, Packet packet) throws MalformedPacketException {
        in.expectEnd(type.name());
        return packet;
    }

    /** 3.x: no body [MQTT-3.14.1-1]. 5.0: reason and properties may be omitted (spec 3.14.2.1, 3.14.2.2). */
    private static Disconnect disconnect(WireReader in, ProtocolVersion version) throws MalformedPacketException {
        if (!version.isV5() || !in.hasRemaining()) {
            in.expectEnd("DISCONNECT");
            return Disconnect.NORMAL;
        }
        ReasonCode reason = AllowedReasons.read(in, PacketType.DISCONNECT);
        Properties properties = in.hasRemaining() ? PropertiesDecoder.read(in, PacketType.DISCONNECT)
                : Properties.EMPTY;
        in.expectEnd("DISCONNECT");
        return new Disconnect(reason, properties);
    }

    /** MQTT 5 only; an empty body means Success with no properties (spec 3.15.2.1). */
    private static Auth auth(WireReader in) throws MalformedPacketException {
        if (!in.hasRemaining()) {
            return new Auth(ReasonCode.SUCCESS, Properties.EMPTY);
        }
        ReasonCode reason = AllowedReasons.read(in, PacketType.AUTH);
        Properties properties = in.hasRemaining() ? PropertiesDecoder.read(in, PacketType.AUTH) : Properties.EMPTY;
        in.expectEnd("AUTH");
        return new Auth(reason, properties);
    }
}
