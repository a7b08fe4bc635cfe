package io.tombo.codec;

/** Quality of service levels; the ordinal is the wire value. */
public enum QoS {
    AT_MOST_ONCE,
    AT_LEAST_ONCE,
    EXACTLY_ONCE;

    private static final QoS[] VALUES = values();

    public int value() {
        return ordinal();
    }

    /** @throws IllegalArgumentException for 3, which every spec version calls malformed */
    public static QoS of(int value) {
        if (value < 0 || value > 2) {
            throw new IllegalArgumentException("QoS " + value);
        }
        return VALUES[value];
    }

    public static QoS min(QoS a, QoS b) {
        return a.ordinal() <= b.ordinal() ? a : b;
    }
}
