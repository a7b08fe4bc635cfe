package io.tombo.codec;

/**
 * A CONNECT whose protocol name or level Tombo does not speak. The server answers CONNACK 0x01 (3.x) or
 * 0x84 (5.0) and closes [MQTT-3.1.2-2]; {@link #replyVersion()} tells which encoding to answer in.
 */
public final class UnsupportedProtocolVersionException extends Exception {
    private final int level;

    public UnsupportedProtocolVersionException(int level, String message) {
        super(message, null, false, false);
        this.level = level;
    }

    public int level() {
        return level;
    }

    /** A 3.1.1 CONNACK unless the client asked for level 5 or above. */
    public ProtocolVersion replyVersion() {
        return level >= 5 ? ProtocolVersion.MQTT_5 : ProtocolVersion.MQTT_3_1_1;
    }
}
