package io.tombo.cli;

import io.tombo.codec.ReasonCode;

/**
 * libmosquitto's words for CONNACK codes: {@code mosquitto_connack_string} (3.x) and
 * {@code mosquitto_reason_string} (5.0, and what mosquitto_rr uses for every version).
 */
final class ReasonStrings {
    private ReasonStrings() {
    }

    static String connack(int code) {
        return switch (code) {
            case 0 -> "Connection Accepted.";
            case 1 -> "Connection Refused: unacceptable protocol version.";
            case 2 -> "Connection Refused: identifier rejected.";
            case 3 -> "Connection Refused: broker unavailable.";
            case 4 -> "Connection Refused: bad user name or password.";
            case 5 -> "Connection Refused: not authorised.";
            default -> "Connection Refused: unknown reason.";
        };
    }

    static String reason(int code) {
        ReasonCode rc = ReasonCode.of(code);
        if (rc == null) {
            return "Unknown reason";
        }
        return switch (rc) {
            case SUCCESS -> "Success";
            case GRANTED_QOS_1 -> "Granted QoS 1";
            case GRANTED_QOS_2 -> "Granted QoS 2";
            case DISCONNECT_WITH_WILL_MESSAGE -> "Disconnect with Will Message";
            case NO_MATCHING_SUBSCRIBERS -> "No matching subscribers";
            case NO_SUBSCRIPTION_EXISTED -> "No subscription existed";
            case CONTINUE_AUTHENTICATION -> "Continue authentication";
            case RE_AUTHENTICATE -> "Re-authenticate";
            case UNSPECIFIED_ERROR -> "Unspecified error";
            case MALFORMED_PACKET -> "Malformed Packet";
            case PROTOCOL_ERROR -> "Protocol Error";
            case IMPLEMENTATION_SPECIFIC_ERROR -> "Implementation specific error";
            case UNSUPPORTED_PROTOCOL_VERSION -> "Unsupported Protocol Version";
            case CLIENT_IDENTIFIER_NOT_VALID -> "Client Identifier not valid";
            case BAD_USER_NAME_OR_PASSWORD -> "Bad User Name or Password";
            case NOT_AUTHORIZED -> "Not authorized";
            case SERVER_UNAVAILABLE -> "Server unavailable";
            case SERVER_BUSY -> "Server busy";
            case BANNED -> "Banned";
            case SERVER_SHUTTING_DOWN -> "Server shutting down";
            case BAD_AUTHENTICATION_METHOD -> "Bad authentication method";
            case KEEP_ALIVE_TIMEOUT -> "Keep Alive timeout";
            case SESSION_TAKEN_OVER -> "Session taken over";
            case TOPIC_FILTER_INVALID -> "Topic Filter invalid";
            case TOPIC_NAME_INVALID -> "Topic Name invalid";
            case PACKET_IDENTIFIER_IN_USE -> "Packet Identifier in use";
            case PACKET_IDENTIFIER_NOT_FOUND -> "Packet Identifier not found";
            case RECEIVE_MAXIMUM_EXCEEDED -> "Receive Maximum exceeded";
            case TOPIC_ALIAS_INVALID -> "Topic Alias invalid";
            case PACKET_TOO_LARGE -> "Packet too large";
            case MESSAGE_RATE_TOO_HIGH -> "Message rate too high";
            case QUOTA_EXCEEDED -> "Quota exceeded";
            case ADMINISTRATIVE_ACTION -> "Administrative action";
            case PAYLOAD_FORMAT_INVALID -> "Payload format invalid";
            case RETAIN_NOT_SUPPORTED -> "Retain not supported";
            case QOS_NOT_SUPPORTED -> "QoS not supported";
            case USE_ANOTHER_SERVER -> "Use another server";
            case SERVER_MOVED -> "Server moved";
            case SHARED_SUBSCRIPTIONS_NOT_SUPPORTED -> "Shared Subscriptions not supported";
            case CONNECTION_RATE_EXCEEDED -> "Connection rate exceeded";
            case MAXIMUM_CONNECT_TIME -> "Maximum connect time";
            case SUBSCRIPTION_IDENTIFIERS_NOT_SUPPORTED -> "Subscription identifiers not supported";
            case WILDCARD_SUBSCRIPTIONS_NOT_SUPPORTED -> "Wildcard Subscriptions not supported";
        };
    }
}
