package io.tombo.codec;

/** Topic name and filter syntax (spec 4.7). TODO(codec helper). */
public final class Topics {
    private Topics() {
    }

    /** A valid PUBLISH topic name: 1..65535 bytes, no '+' or '#' [MQTT-4.7.3-1] [MQTT-3.3.2-2]. */
    public static boolean isValidName(String topic) {
        throw new UnsupportedOperationException("codec");
    }

    /**
     * A valid topic filter: non-empty [MQTT-4.7.3-1], '#' only last and alone in its level [MQTT-4.7.1-2],
     * '+' alone in its level [MQTT-4.7.1-3].
     */
    public static boolean isValidFilter(String filter) {
        throw new UnsupportedOperationException("codec");
    }
}
