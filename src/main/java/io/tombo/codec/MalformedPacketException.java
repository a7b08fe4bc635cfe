package io.tombo.codec;

/**
 * A packet that breaks the spec. {@link #reason()} is MALFORMED_PACKET or PROTOCOL_ERROR (or
 * PACKET_TOO_LARGE, TOPIC_NAME_INVALID ...) as the spec classifies the fault; the connection turns it into a
 * DISCONNECT (5.0) or a plain close (3.x) [MQTT-4.13.1-1].
 */
public final class MalformedPacketException extends Exception {
    private final ReasonCode reason;

    public MalformedPacketException(ReasonCode reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public ReasonCode reason() {
        return reason;
    }
}
