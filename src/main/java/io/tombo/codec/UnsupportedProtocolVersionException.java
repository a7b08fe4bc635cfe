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

    /**
     * Always a 3.1.1 CONNACK (return code 0x01): every client version can read it, and it is what Mosquitto
     * answers for any level it does not know.
     */
    public ProtocolVersion replyVersion() {
        return ProtocolVersion.MQTT_3_1_1;
    }
}
