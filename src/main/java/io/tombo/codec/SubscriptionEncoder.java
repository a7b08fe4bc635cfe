package io.tombo.codec;

import java.nio.ByteBuffer;
import java.util.List;

/** SUBSCRIBE, SUBACK, UNSUBSCRIBE and UNSUBACK bodies (spec 3.8 to 3.11). */
final class SubscriptionEncoder {
    private SubscriptionEncoder() {
    }

    private static int headLength(int packetId, Properties properties, ProtocolVersion version) {
        if (packetId <= 0 || packetId > 0xFFFF) {
            throw new IllegalArgumentException("packet identifier " + packetId + " [MQTT-2.2.1-3]");
        }
        return 2 + (version.isV5() ? PropertiesEncoder.blockLength(PropertiesEncoder.contentLength(properties)) : 0);
    }

    private static void writeHead(ByteBuffer out, int packetId, Properties properties, ProtocolVersion version) {
        out.putShort((short) packetId);
        if (version.isV5()) {
            PropertiesEncoder.write(out, properties, PropertiesEncoder.contentLength(properties));
        }
    }

    private static void requireSome(List<?> list, String what) {
        if (list.isEmpty()) {
            throw new IllegalArgumentException(what + " needs at least one entry [MQTT-3.8.3-3] [MQTT-3.10.3-2]");
        }
    }

    static int subscribeLength(Subscribe s, ProtocolVersion version) {
        requireSome(s.subscriptions(), "SUBSCRIBE");
        int len = headLength(s.packetId(), s.properties(), version);
        for (Subscription sub : s.subscriptions()) {
            len += WireWriter.stringSize(sub.topicFilter()) + 1;
        }
        return len;
    }

    static void writeSubscribe(ByteBuffer out, Subscribe s, ProtocolVersion version) {
        writeHead(out, s.packetId(), s.properties(), version);
        for (Subscription sub : s.subscriptions()) {
            WireWriter.putString(out, sub.topicFilter());
            out.put((byte) options(sub, version));
        }
    }

    /** Spec 3.8.3.1: 3.x sends the QoS alone; 5.0 adds No Local, Retain As Published and Retain Handling. */
    private static int options(Subscription sub, ProtocolVersion version) {
        int options = sub.maximumQos().value();
        if (version.isV5()) {
            options |= (sub.noLocal() ? 0x04 : 0) | (sub.retainAsPublished() ? 0x08 : 0)
                    | sub.retainHandling().value() << 4;
        }
        return options;
    }

    static int subAckLength(SubAck s, ProtocolVersion version) {
        requireSome(s.reasons(), "SUBACK");
        return headLength(s.packetId(), s.properties(), version) + s.reasons().size();
    }

    static void writeSubAck(ByteBuffer out, SubAck s, ProtocolVersion version) {
        writeHead(out, s.packetId(), s.properties(), version);
        for (ReasonCode reason : s.reasons()) {
            out.put((byte) (version.isV5() ? reason.value() : subAckReturnCodeV3(reason)));
        }
    }

    /** 3.x knows granted QoS 0, 1, 2 and failure 0x80 only (3.1.1 spec 3.9.3). */
    private static int subAckReturnCodeV3(ReasonCode reason) {
        return reason.value() <= 2 ? reason.value() : 0x80;
    }

    static int unsubscribeLength(Unsubscribe u, ProtocolVersion version) {
        requireSome(u.topicFilters(), "UNSUBSCRIBE");
        int len = headLength(u.packetId(), u.properties(), version);
        for (String filter : u.topicFilters()) {
            len += WireWriter.stringSize(filter);
        }
        return len;
    }

    static void writeUnsubscribe(ByteBuffer out, Unsubscribe u, ProtocolVersion version) {
        writeHead(out, u.packetId(), u.properties(), version);
        for (String filter : u.topicFilters()) {
            WireWriter.putString(out, filter);
        }
    }

    /** 3.x UNSUBACK is the packet identifier alone; 5.0 adds properties and one reason per filter. */
    static int unsubAckLength(UnsubAck u, ProtocolVersion version) {
        if (!version.isV5()) {
            return headLength(u.packetId(), u.properties(), version);
        }
        requireSome(u.reasons(), "UNSUBACK");
        return headLength(u.packetId(), u.properties(), version) + u.reasons().size();
    }

    static void writeUnsubAck(ByteBuffer out, UnsubAck u, ProtocolVersion version) {
        writeHead(out, u.packetId(), u.properties(), version);
        if (version.isV5()) {
            for (ReasonCode reason : u.reasons()) {
                out.put((byte) reason.value());
            }
        }
    }
}
