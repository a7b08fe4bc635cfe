package io.tombo.codec;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static io.tombo.codec.ReasonCode.*;

/** Which MQTT 5 reason codes each packet may carry (spec 3.x.2.1 tables). */
final class AllowedReasons {
    private static final Map<PacketType, Set<ReasonCode>> ALLOWED = new EnumMap<>(PacketType.class);

    static {
        Set<ReasonCode> publishAck = EnumSet.of(SUCCESS, NO_MATCHING_SUBSCRIBERS, UNSPECIFIED_ERROR,
                IMPLEMENTATION_SPECIFIC_ERROR, NOT_AUTHORIZED, TOPIC_NAME_INVALID, PACKET_IDENTIFIER_IN_USE,
                QUOTA_EXCEEDED, PAYLOAD_FORMAT_INVALID);
        Set<ReasonCode> release = EnumSet.of(SUCCESS, PACKET_IDENTIFIER_NOT_FOUND);
        ALLOWED.put(PacketType.CONNACK, EnumSet.of(SUCCESS, UNSPECIFIED_ERROR, MALFORMED_PACKET, PROTOCOL_ERROR,
                IMPLEMENTATION_SPECIFIC_ERROR, UNSUPPORTED_PROTOCOL_VERSION, CLIENT_IDENTIFIER_NOT_VALID,
                BAD_USER_NAME_OR_PASSWORD, NOT_AUTHORIZED, SERVER_UNAVAILABLE, SERVER_BUSY, BANNED,
                BAD_AUTHENTICATION_METHOD, TOPIC_NAME_INVALID, PACKET_TOO_LARGE, QUOTA_EXCEEDED,
                PAYLOAD_FORMAT_INVALID, RETAIN_NOT_SUPPORTED, QOS_NOT_SUPPORTED, USE_ANOTHER_SERVER, SERVER_MOVED,
                CONNECTION_RATE_EXCEEDED));
        ALLOWED.put(PacketType.PUBACK, publishAck);
        ALLOWED.put(PacketType.PUBREC, publishAck);
        ALLOWED.put(PacketType.PUBREL, release);
        ALLOWED.put(PacketType.PUBCOMP, release);
        ALLOWED.put(PacketType.SUBACK, EnumSet.of(SUCCESS, GRANTED_QOS_1, GRANTED_QOS_2, UNSPECIFIED_ERROR,
                IMPLEMENTATION_SPECIFIC_ERROR, NOT_AUTHORIZED, TOPIC_FILTER_INVALID, PACKET_IDENTIFIER_IN_USE,
                QUOTA_EXCEEDED, SHARED_SUBSCRIPTIONS_NOT_SUPPORTED, SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED,
                WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED));
        ALLOWED.put(PacketType.UNSUBACK, EnumSet.of(SUCCESS, NO_SUBSCRIPTION_EXISTED, UNSPECIFIED_ERROR,
                IMPLEMENTATION_SPECIFIC_ERROR, NOT_AUTHORIZED, TOPIC_FILTER_INVALID, PACKET_IDENTIFIER_IN_USE));
        ALLOWED.put(PacketType.DISCONNECT, EnumSet.of(SUCCESS, DISCONNECT_WITH_WILL_MESSAGE, UNSPECIFIED_ERROR,
                MALFORMED_PACKET, PROTOCOL_ERROR, IMPLEMENTATION_SPECIFIC_ERROR, NOT_AUTHORIZED, SERVER_BUSY,
                SERVER_SHUTTING_DOWN, KEEP_ALIVE_TIMEOUT, SESSION_TAKEN_OVER, TOPIC_FILTER_INVALID,
                TOPIC_NAME_INVALID, RECEIVE_MAXIMUM_EXCEEDED, TOPIC_ALIAS_INVALID, PACKET_TOO_LARGE,
                MESSAGE_RATE_TOO_HIGH, QUOTA_EXCEEDED, ADMINISTRATIVE_ACTION, PAYLOAD_FORMAT_INVALID,
                RETAIN_NOT_SUPPORTED, QOS_NOT_SUPPORTED, USE_ANOTHER_SERVER, SERVER_MOVED,
                SHARED_SUBSCRIPTIONS_NOT_SUPPORTED, CONNECTION_RATE_EXCEEDED, MAXIMUM_CONNECT_TIME,
                SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED, WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED));
        ALLOWED.put(PacketType.AUTH, EnumSet.of(SUCCESS, CONTINUE_AUTHENTICATION, RE_AUTHENTICATE));
    }

    private AllowedReasons() {
    }

    static boolean allows(PacketType packet, ReasonCode reason) {
        return ALLOWED.get(packet).contains(reason);
    }

    /** Reads a reason byte: an undefined value is malformed, one the packet may not carry a protocol error. */
    static ReasonCode read(WireReader in, PacketType packet) throws MalformedPacketException {
        int value = in.u8("reason code");
        ReasonCode reason = ReasonCode.of(value);
        if (reason == null) {
            throw WireReader.malformed("undefined reason code 0x" + Integer.toHexString(value) + " in " + packet);
        }
        if (!allows(packet, reason)) {
            throw WireReader.protocolError(reason + " is not a " + packet + " reason code");
        }
        return reason;
    }
}
