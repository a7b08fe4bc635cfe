package io.tombo.codec;

import java.util.ArrayList;
import java.util.List;

/** SUBSCRIBE, SUBACK, UNSUBSCRIBE and UNSUBACK (spec 3.8 to 3.11). */
final class SubscriptionDecoder {
    private SubscriptionDecoder() {
    }

    static Subscribe subscribe(WireReader in, ProtocolVersion version) throws MalformedPacketException {
        int packetId = in.packetId(); // [MQTT-2.2.1-3]
        Properties properties = version.isV5() ? PropertiesDecoder.read(in, PacketType.SUBSCRIBE) : Properties.EMPTY;
        List<Subscription> subscriptions = new ArrayList<>(1);
        while (in.hasRemaining()) {
            String filter = filter(in);
            subscriptions.add(options(filter, in.u8("subscription options"), version));
        }
        if (subscriptions.isEmpty()) {
            throw noFilters("SUBSCRIBE [MQTT-3.8.3-3]", version);
        }
        return new Subscribe(packetId, List.copyOf(subscriptions), properties);
    }

    /**
     * 3.x: only the QoS bits; the other six are reserved [MQTT-3.8.3-4] (3.1.1). 5.0: QoS, No Local, Retain As
     * Published, Retain Handling; bits 6-7 reserved [MQTT-3.8.3-5].
     */
    private static Subscription options(String filter, int options, ProtocolVersion version)
            throws MalformedPacketException {
        int reservedMask = version.isV5() ? 0xC0 : 0xFC;
        if ((options & reservedMask) != 0) {
            throw WireReader.malformed("reserved subscription option bits set [MQTT-3.8.3-4] (3.1.1) [MQTT-3.8.3-5] (5.0)");
        }
        int qos = options & 0b11;
        if (qos == 3) {
            throw WireReader.malformed("subscription QoS 3 [MQTT-3.8.3-4] (3.1.1)");
        }
        int retainHandling = (options >> 4) & 0b11;
        if (retainHandling == 3) {
            throw WireReader.malformed("retain handling 3 (spec 3.8.3.1)");
        }
        boolean noLocal = (options & 0x04) != 0;
        if (noLocal && Topics.isShared(filter)) {
            throw WireReader.protocolError("No Local on a shared subscription [MQTT-3.8.3-4] (5.0)");
        }
        return new Subscription(filter, QoS.of(qos), noLocal, (options & 0x08) != 0,
                RetainHandling.of(retainHandling));
    }

    /**
     * A syntactically valid filter [MQTT-4.7.1-2] [MQTT-4.7.1-3] [MQTT-4.7.3-1]; a {@code $share/} filter
     * also needs a ShareName and a filter after it [MQTT-4.8.2-1] [MQTT-4.8.2-2]. Mosquitto reads
     * {@code $share/} as shared in 3.1.1 too, so the check applies to every version.
     */
    private static String filter(WireReader in) throws MalformedPacketException {
        String filter = in.string("topic filter");
        boolean valid = Topics.isShared(filter) ? Topics.isValidSharedFilter(filter) : Topics.isValidFilter(filter);
        if (!valid) {
            throw WireReader.malformed("invalid topic filter '" + filter + "'");
        }
        return filter;
    }

    static Unsubscribe unsubscribe(WireReader in, ProtocolVersion version) throws MalformedPacketException {
        int packetId = in.packetId();
        Properties properties = version.isV5() ? PropertiesDecoder.read(in, PacketType.UNSUBSCRIBE)
                : Properties.EMPTY;
        List<String> filters = new ArrayList<>(1);
        while (in.hasRemaining()) {
            filters.add(filter(in));
        }
        if (filters.isEmpty()) {
            throw noFilters("UNSUBSCRIBE [MQTT-3.10.3-2]", version);
        }
        return new Unsubscribe(packetId, List.copyOf(filters), properties);
    }

    private static MalformedPacketException noFilters(String what, ProtocolVersion version) {
        return new MalformedPacketException(version.isV5() ? ReasonCode.PROTOCOL_ERROR : ReasonCode.MALFORMED_PACKET,
                "no topic filter in " + what);
    }

    /** 3.x return codes are 0, 1, 2 and 0x80 only (3.1.1 spec 3.9.3); 5.0 uses the SUBACK reason table. */
    static SubAck subAck(WireReader in, ProtocolVersion version) throws MalformedPacketException {
        int packetId = in.packetId();
        Properties properties = version.isV5() ? PropertiesDecoder.read(in, PacketType.SUBACK) : Properties.EMPTY;
        List<ReasonCode> reasons = new ArrayList<>(1);
        while (in.hasRemaining()) {
            if (version.isV5()) {
                reasons.add(AllowedReasons.read(in, PacketType.SUBACK));
            } else {
                int code = in.u8("return code");
                if (code > 2 && code != 0x80) {
                    throw WireReader.malformed("reserved SUBACK return code 0x" + Integer.toHexString(code));
                }
                reasons.add(ReasonCode.of(code));
            }
        }
        if (reasons.isEmpty()) {
            throw WireReader.malformed("SUBACK without return codes (spec 3.9.3)");
        }
        return new SubAck(packetId, List.copyOf(reasons), properties);
    }

    /** 3.x carries only the packet identifier; 5.0 adds properties and one reason per filter (spec 3.11.3). */
    static UnsubAck unsubAck(WireReader in, ProtocolVersion version) throws MalformedPacketException {
        int packetId = in.packetId();
        if (!version.isV5()) {
            in.expectEnd("UNSUBACK");
            return new UnsubAck(packetId, List.of(), Properties.EMPTY);
        }
        Properties properties = PropertiesDecoder.read(in, PacketType.UNSUBACK);
        List<ReasonCode> reasons = new ArrayList<>(1);
        while (in.hasRemaining()) {
            reasons.add(AllowedReasons.read(in, PacketType.UNSUBACK));
        }
        if (reasons.isEmpty()) {
            throw WireReader.malformed("UNSUBACK without reason codes (spec 3.11.3)");
        }
        return new UnsubAck(packetId, List.copyOf(reasons), properties);
    }
}
