package io.tombo.codec;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * An immutable set of MQTT 5 properties. Single-valued properties are held by {@link Property}; the two
 * repeatable ones (user properties and, in PUBLISH, subscription identifiers) are lists that keep wire order.
 * Values are {@code Integer} for BYTE, TWO_BYTE and VARINT, {@code Long} for FOUR_BYTE, {@code String} for
 * UTF8 and {@code byte[]} for BINARY. MQTT 3.x packets carry {@link #EMPTY}.
 */
public final class Properties {
    public static final Properties EMPTY = new Properties(new EnumMap<>(Property.class), List.of(), List.of());

    private final EnumMap<Property, Object> values;
    private final List<Integer> subscriptionIdentifiers;
    private final List<UserProperty> userProperties;

    private Properties(EnumMap<Property, Object> values, List<Integer> subscriptionIdentifiers,
                       List<UserProperty> userProperties) {
        this.values = values;
        this.subscriptionIdentifiers = subscriptionIdentifiers;
        this.userProperties = userProperties;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.values.putAll(values);
        b.subscriptionIdentifiers.addAll(subscriptionIdentifiers);
        b.userProperties.addAll(userProperties);
        return b;
    }

    public boolean isEmpty() {
        return values.isEmpty() && subscriptionIdentifiers.isEmpty() && userProperties.isEmpty();
    }

    public boolean has(Property p) {
        return switch (p) {
            case SUBSCRIPTION_IDENTIFIER -> !subscriptionIdentifiers.isEmpty();
            case USER_PROPERTY -> !userProperties.isEmpty();
            default -> values.containsKey(p);
        };
    }

    /** BYTE, TWO_BYTE or VARINT value, or null when absent. */
    public Integer integer(Property p) {
        return (Integer) values.get(p);
    }

    /** FOUR_BYTE value, or null when absent. */
    public Long fourByte(Property p) {
        return (Long) values.get(p);
    }

    public String string(Property p) {
        return (String) values.get(p);
    }

    /** BINARY value (shared, do not modify), or null when absent. */
    public byte[] binary(Property p) {
        return (byte[]) values.get(p);
    }

    /** The single-valued properties present, in identifier order (for encoders). */
    public Map<Property, Object> singleValued() {
        return Collections.unmodifiableMap(values);
    }

    public List<Integer> subscriptionIdentifiers() {
        return subscriptionIdentifiers;
    }

    public List<UserProperty> userProperties() {
        return userProperties;
    }

    public Properties without(Property p) {
        if (!has(p)) {
            return this;
        }
        Builder b = toBuilder();
        switch (p) {
            case SUBSCRIPTION_IDENTIFIER -> b.subscriptionIdentifiers.clear();
            case USER_PROPERTY -> b.userProperties.clear();
            default -> b.values.remove(p);
        }
        return b.build();
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof Properties other)) {
            return false;
        }
        if (!values.keySet().equals(other.values.keySet())) {
            return false;
        }
        for (Map.Entry<Property, Object> e : values.entrySet()) {
            Object mine = e.getValue();
            Object theirs = other.values.get(e.getKey());
            boolean same = mine instanceof byte[] a && theirs instanceof byte[] c ? Arrays.equals(a, c)
                    : Objects.equals(mine, theirs);
            if (!same) {
                return false;
            }
        }
        return subscriptionIdentifiers.equals(other.subscriptionIdentifiers)
                && userProperties.equals(other.userProperties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(values.keySet(), subscriptionIdentifiers, userProperties);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("Properties{");
        values.forEach((k, v) -> sb.append(k).append('=')
                .append(v instanceof byte[] b ? "bytes[" + b.length + "]" : v).append(", "));
        if (!subscriptionIdentifiers.isEmpty()) {
            sb.append("SUBSCRIPTION_IDENTIFIER=").append(subscriptionIdentifiers).append(", ");
        }
        if (!userProperties.isEmpty()) {
            sb.append("USER_PROPERTY=").append(userProperties);
        }
        return sb.append('}').toString();
    }

    /** Collects properties; {@link #build()} returns {@link #EMPTY} when nothing was set. */
    public static final class Builder {
        private final EnumMap<Property, Object> values = new EnumMap<>(Property.class);
        private final List<Integer> subscriptionIdentifiers = new ArrayList<>(1);
        private final List<UserProperty> userProperties = new ArrayList<>(0);

        private Builder() {
        }

        /**
         * Sets a single-valued property, checking the value's Java type against {@link Property#type()}.
         * For SUBSCRIPTION_IDENTIFIER this appends; USER_PROPERTY takes a {@link UserProperty}.
         */
        public Builder put(Property p, Object value) {
            Objects.requireNonNull(value, "value");
            switch (p) {
                case SUBSCRIPTION_IDENTIFIER -> subscriptionIdentifiers.add((Integer) value);
                case USER_PROPERTY -> userProperties.add((UserProperty) value);
                default -> {
                    Class<?> expected = switch (p.type()) {
                        case BYTE, TWO_BYTE, VARINT -> Integer.class;
                        case FOUR_BYTE -> Long.class;
                        case UTF8 -> String.class;
                        case BINARY -> byte[].class;
                        case UTF8_PAIR -> UserProperty.class;
                    };
                    if (!expected.isInstance(value)) {
                        throw new IllegalArgumentException(p + " takes " + expected.getSimpleName());
                    }
                    values.put(p, value);
                }
            }
            return this;
        }

        public Builder remove(Property p) {
            switch (p) {
                case SUBSCRIPTION_IDENTIFIER -> subscriptionIdentifiers.clear();
                case USER_PROPERTY -> userProperties.clear();
                default -> values.remove(p);
            }
            return this;
        }

        public boolean has(Property p) {
            return switch (p) {
                case SUBSCRIPTION_IDENTIFIER -> !subscriptionIdentifiers.isEmpty();
                case USER_PROPERTY -> !userProperties.isEmpty();
                default -> values.containsKey(p);
            };
        }

        public Builder userProperty(String name, String value) {
            userProperties.add(new UserProperty(name, value));
            return this;
        }

        public Properties build() {
            if (values.isEmpty() && subscriptionIdentifiers.isEmpty() && userProperties.isEmpty()) {
                return EMPTY;
            }
            return new Properties(values.clone(), List.copyOf(subscriptionIdentifiers), List.copyOf(userProperties));
        }
    }
}
