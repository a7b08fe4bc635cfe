package io.tombo.codec;

/** The three protocol levels Tombo speaks; the level byte and protocol name are fixed by each spec. */
public enum ProtocolVersion {
    MQTT_3_1(3, "MQIsdp"),
    MQTT_3_1_1(4, "MQTT"),
    MQTT_5(5, "MQTT");

    private final int level;
    private final String protocolName;

    ProtocolVersion(int level, String protocolName) {
        this.level = level;
        this.protocolName = protocolName;
    }

    public int level() {
        return level;
    }

    public String protocolName() {
        return protocolName;
    }

    public boolean isV5() {
        return this == MQTT_5;
    }

    /** The version for a CONNECT protocol level byte, or null when Tombo does not speak it. */
    public static ProtocolVersion ofLevel(int level) {
        for (ProtocolVersion v : values()) {
            if (v.level == level) {
                return v;
            }
        }
        return null;
    }
}
