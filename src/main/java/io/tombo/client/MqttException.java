package io.tombo.client;

import io.tombo.codec.ReasonCode;

/**
 * A failed MQTT operation: refused CONNECT, failed subscription, negative acknowledgement, DISCONNECT from the
 * server, time-out or lost connection. {@link #reason()} is the MQTT reason code when the server gave one
 * (3.x return codes are mapped to their 5.0 equivalents), null for local failures (I/O, time-out).
 */
public class MqttException extends Exception {
    private final ReasonCode reason;
    private final String reasonString;

    public MqttException(String message, ReasonCode reason, String reasonString, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.reasonString = reasonString;
    }

    public MqttException(String message, Throwable cause) {
        this(message, null, null, cause);
    }

    public MqttException(String message) {
        this(message, null, null, null);
    }

    /** The server's reason code, or null for a local failure. */
    public ReasonCode reason() {
        return reason;
    }

    /** The server's 5.0 Reason String property, or null. */
    public String reasonString() {
        return reasonString;
    }
}
