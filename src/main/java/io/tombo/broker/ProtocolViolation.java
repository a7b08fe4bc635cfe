package io.tombo.broker;

import io.tombo.codec.ReasonCode;

/**
 * Thrown by packet handlers when a client breaks the protocol. {@link Connection} is the one place that turns it
 * into a DISCONNECT with the reason (5.0) or a plain close (3.x) [MQTT-4.13.1-1], as Mosquitto's read_handle.c.
 */
final class ProtocolViolation extends Exception {
    private final ReasonCode reason;

    ProtocolViolation(ReasonCode reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    ReasonCode reason() {
        return reason;
    }
}
