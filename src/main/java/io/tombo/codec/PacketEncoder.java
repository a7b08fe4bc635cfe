package io.tombo.codec;

import java.nio.ByteBuffer;

/**
 * Encoder from {@link Packet}s to bytes for MQTT 3.1, 3.1.1 and 5.0. Stateless and thread-safe. Fields a
 * version lacks are left off the wire (3.x: properties, acknowledgement reasons); MQTT 5 acknowledgements,
 * DISCONNECT and AUTH take their shortest form when the reason is Success and there are no properties
 * (spec 3.4.2.1, 3.14.2.1, 3.15.2.1). Sizing does not allocate for ASCII strings and writing goes straight
 * into the caller's buffer, since the broker encodes every delivered PUBLISH.
 *
 * <p>A packet the peer would have to reject (QoS above 0 with packet identifier 0, an unpaired surrogate,
 * AUTH in 3.x ...) is an {@link IllegalArgumentException} here, not bytes on the wire.
 */
public final class PacketEncoder {
    private PacketEncoder() {
    }

    /** The whole encoded size in bytes, fixed header included. */
    public static int encodedLength(Packet packet, ProtocolVersion version) {
        int body = bodyLength(packet, version);
        return 1 + WireWriter.varintSize(body) + body;
    }

    /** Writes the packet at {@code out.position()}, advancing it by {@link #encodedLength}. */
    public static void encode(Packet packet, ProtocolVersion version, ByteBuffer out) {
        int body = bodyLength(packet, version);
        out.put((byte) (packet.type().code() << 4 | flags(packet)));
        WireWriter.putVarint(out, body);
        writeBody(packet, version, out);
    }

    public static byte[] encode(Packet packet, ProtocolVersion version) {
        byte[] bytes = new byte[encodedLength(packet, version)];
        encode(packet, version, ByteBuffer.wrap(bytes));
        return bytes;
    }

    private static int flags(Packet packet) {
        return switch (packet) {
            case Publish p -> (p.dup() ? 0b1000 : 0) | p.qos().value() << 1 | (p.retain() ? 1 : 0);
            case PubRel r -> 0b0010; // [MQTT-3.6.1-1]
            case Subscribe s -> 0b0010; // [MQTT-3.8.1-1]
            case Unsubscribe u -> 0b0010; // [MQTT-3.10.1-1]
            default -> 0;
        };
    }

    private static int bodyLength(Packet packet, ProtocolVersion version) {
        return switch (packet) {
            case Connect c -> ConnectEncoder.connectLength(c, version);
            case ConnAck a -> ConnectEncoder.connAckLength(a, version);
            case Publish p -> publishLength(p, version);
            case PubAck a -> ackLength(a.packetId(), a.reason(), a.properties(), version);
            case PubRec a -> ackLength(a.packetId(), a.reason(), a.properties(), version);
            case PubRel a -> ackLength(a.packetId(), a.reason(), a.properties(), version);
            case PubComp a -> ackLength(a.packetId(), a.reason(), a.properties(), version);
            case Subscribe s -> SubscriptionEncoder.subscribeLength(s, version);
            case SubAck s -> SubscriptionEncoder.subAckLength(s, version);
            case Unsubscribe u -> SubscriptionEncoder.unsubscribeLength(u, version);
            case UnsubAck u -> SubscriptionEncoder.unsubAckLength(u, version);
            case PingReq p -> 0;
            case PingResp p -> 0;
            case Disconnect d -> version.isV5() ? optionalReasonLength(d.reason(), d.properties()) : 0;
            case Auth a -> optionalReasonLength(a.reason(), a.properties()) + requireV5(version);
        };
    }

    private static void writeBody(Packet packet, ProtocolVersion version, ByteBuffer out) {
        switch (packet) {
            case Connect c -> ConnectEncoder.writeConnect(out, c, version);
            case ConnAck a -> ConnectEncoder.writeConnAck(out, a, version);
            case Publish p -> writePublish(out, p, version);
            case PubAck a -> writeAck(out, a.packetId(), a.reason(), a.properties(), version);
            case PubRec a -> writeAck(out, a.packetId(), a.reason(), a.properties(), version);
            case PubRel a -> writeAck(out, a.packetId(), a.reason(), a.properties(), version);
            case PubComp a -> writeAck(out, a.packetId(), a.reason(), a.properties(), version);
            case Subscribe s -> SubscriptionEncoder.writeSubscribe(out, s, version);
            case SubAck s -> SubscriptionEncoder.writeSubAck(out, s, version);
            case Unsubscribe u -> SubscriptionEncoder.writeUnsubscribe(out, u, version);
            case UnsubAck u -> SubscriptionEncoder.writeUnsubAck(out, u, version);
            case PingReq p -> {
            }
            case PingResp p -> {
            }
            case Disconnect d -> {
                if (version.isV5()) {
                    writeOptionalReason(out, d.reason(), d.properties());
                }
            }
            case Auth a -> writeOptionalReason(out, a.reason(), a.properties());
        }
    }

    private static int requireV5(ProtocolVersion version) {
        if (!version.isV5()) {
            throw new IllegalArgumentException("AUTH exists only in MQTT 5");
        }
        return 0;
    }

    private static int publishLength(Publish p, ProtocolVersion version) {
        if (p.qos() == QoS.AT_MOST_ONCE ? p.dup() : p.packetId() == 0) {
            throw new IllegalArgumentException("DUP at QoS 0 or packet identifier 0 at QoS > 0 [MQTT-3.3.1-2] "
                    + "[MQTT-2.2.1-3]");
        }
        int len = WireWriter.stringSize(p.topic()) + (p.qos() == QoS.AT_MOST_ONCE ? 0 : 2) + p.payload().length;
        return version.isV5() ? len + PropertiesEncoder.blockLength(PropertiesEncoder.contentLength(p.properties()))
                : len;
    }

    private static void writePublish(ByteBuffer out, Publish p, ProtocolVersion version) {
        WireWriter.putString(out, p.topic());
        if (p.qos() != QoS.AT_MOST_ONCE) {
            WireWriter.putShort(out, p.packetId());
        }
        if (version.isV5()) {
            PropertiesEncoder.write(out, p.properties(), PropertiesEncoder.contentLength(p.properties()));
        }
        out.put(p.payload());
    }

    /** PUBACK, PUBREC, PUBREL, PUBCOMP: 2, 3 or more bytes in 5.0 (spec 3.4.2.1), always 2 in 3.x. */
    private static int ackLength(int packetId, ReasonCode reason, Properties properties, ProtocolVersion version) {
        if (packetId <= 0 || packetId > 0xFFFF) {
            throw new IllegalArgumentException("packet identifier " + packetId + " [MQTT-2.2.1-3]");
        }
        return 2 + (version.isV5() ? optionalReasonLength(reason, properties) : 0);
    }

    private static void writeAck(ByteBuffer out, int packetId, ReasonCode reason, Properties properties,
                                 ProtocolVersion version) {
        out.putShort((short) packetId);
        if (version.isV5()) {
            writeOptionalReason(out, reason, properties);
        }
    }

    /** Nothing for Success without properties; the reason alone without properties; else both. */
    private static int optionalReasonLength(ReasonCode reason, Properties properties) {
        if (properties.isEmpty()) {
            return reason == ReasonCode.SUCCESS ? 0 : 1;
        }
        return 1 + PropertiesEncoder.blockLength(PropertiesEncoder.contentLength(properties));
    }

    private static void writeOptionalReason(ByteBuffer out, ReasonCode reason, Properties properties) {
        if (properties.isEmpty()) {
            if (reason != ReasonCode.SUCCESS) {
                out.put((byte) reason.value());
            }
            return;
        }
        out.put((byte) reason.value());
        PropertiesEncoder.write(out, properties, PropertiesEncoder.contentLength(properties));
    }
}
