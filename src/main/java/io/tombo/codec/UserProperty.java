package io.tombo.codec;

import java.util.Objects;

/** One MQTT 5 user property: a UTF-8 string pair, repeatable and order-preserving [MQTT-3.3.2-18]. */
public record UserProperty(String name, String value) {
    public UserProperty {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(value, "value");
    }
}
