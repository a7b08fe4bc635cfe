package io.tombo.client;

import io.tombo.codec.ReasonCode;

/** The server broke a rule; the connection ends with DISCONNECT carrying {@link #reason} (5.0) [MQTT-4.13.1-1]. */
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
