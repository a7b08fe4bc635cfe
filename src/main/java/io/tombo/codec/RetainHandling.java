package io.tombo.codec;

/** MQTT 5 subscription option bits 4-5: when retained messages are sent on subscribe. */
public enum RetainHandling {
    SEND_ON_SUBSCRIBE,
    SEND_IF_NEW_SUBSCRIPTION,
    DO_NOT_SEND;

    public int value() {
        return ordinal();
    }

    public static RetainHandling of(int value) {
        if (value < 0 || value > 2) {
            throw new IllegalArgumentException("retain handling " + value);
        }
        return values()[value];
    }
}
