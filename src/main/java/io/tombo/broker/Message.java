package io.tombo.broker;

import io.tombo.codec.Properties;
import io.tombo.codec.Property;
import io.tombo.codec.QoS;

/**
 * An application message as the broker routes it: immutable and shared by every subscriber it reaches.
 * {@code properties} holds what passes through unchanged (payload format, content type, response topic,
 * correlation data, user properties [MQTT-3.3.2-17..20]); the per-receiver parts (topic alias, subscription
 * identifiers, the remaining expiry interval) are added at delivery.
 *
 * @param expiresAtMillis  0 when the message never expires
 * @param originClientId   the publisher, for no-local [MQTT-3.8.3-3]; null for the broker's own messages
 */
public record Message(String topic, QoS qos, boolean retain, byte[] payload, Properties properties,
                      long expiresAtMillis, String originClientId) {

    /**
     * A message from a client's PUBLISH or will: the properties that pass through are kept, the Message Expiry
     * Interval becomes a deadline, and the per-hop ones (topic alias, subscription identifiers, will delay) go.
     */
    public static Message of(String topic, QoS qos, boolean retain, byte[] payload, Properties props, long nowMillis,
                             String originClientId) {
        long expiresAt = 0;
        if (!props.isEmpty()) {
            Long expiry = props.fourByte(Property.MESSAGE_EXPIRY_INTERVAL);
            if (expiry != null) {
                expiresAt = nowMillis + expiry * 1000;
            }
            if (expiry != null || props.has(Property.TOPIC_ALIAS) || props.has(Property.SUBSCRIPTION_IDENTIFIER)
                    || props.has(Property.WILL_DELAY_INTERVAL)) {
                props = props.toBuilder().remove(Property.MESSAGE_EXPIRY_INTERVAL).remove(Property.TOPIC_ALIAS)
                        .remove(Property.SUBSCRIPTION_IDENTIFIER).remove(Property.WILL_DELAY_INTERVAL).build();
            }
        }
        return new Message(topic, qos, retain, payload, props, expiresAt, originClientId);
    }

    public boolean isExpired(long nowMillis) {
        return expiresAtMillis != 0 && nowMillis >= expiresAtMillis;
    }

    /** Seconds left before expiry, rounded up, at least 1 while the message lives [MQTT-3.3.2-6]. */
    public long remainingExpirySeconds(long nowMillis) {
        return Math.max(1, (expiresAtMillis - nowMillis + 999) / 1000);
    }

    public Message withRetain(boolean flag) {
        return flag == retain ? this : new Message(topic, qos, flag, payload, properties, expiresAtMillis,
                originClientId);
    }

    public int size() {
        return payload.length + topic.length();
    }
}
