package io.tombo.broker;

import io.tombo.codec.Properties;
import io.tombo.codec.Property;
import io.tombo.codec.ProtocolVersion;
import io.tombo.codec.QoS;
import io.tombo.store.StoredMessage;

/**
 * An application message as the broker routes it: immutable and shared by every subscriber it reaches.
 * {@code properties} holds what passes through unchanged (payload format, content type, response topic,
 * correlation data, user properties: [MQTT-3.3.2-4] [MQTT-3.3.2-15] [MQTT-3.3.2-16] [MQTT-3.3.2-17]
 * [MQTT-3.3.2-18] [MQTT-3.3.2-20] (5.0)); the per-receiver parts (topic alias, subscription
 * identifiers, the remaining expiry interval) are added at delivery.
 *
 * <p>{@code expiresAtMillis} is 0 when the message never expires; {@code originClientId} is the publisher, for
 * no-local [MQTT-3.8.3-3], or null for the broker's own messages.
 */
public final class Message {
    private final String topic;
    private final QoS qos;
    private final boolean retain;
    private final byte[] payload;
    private final Properties properties;
    private final long expiresAtMillis;
    private final String originClientId;
    /** The durable store's id, 0 until the message is first stored: see {@link #storeId}. */
    private volatile long storeId;
    /** Encoded PUBLISH bytes per receiver shape: see {@link #encoded}. */
    private final EncodedPublish[] encodings = new EncodedPublish[12];

    public Message(String topic, QoS qos, boolean retain, byte[] payload, Properties properties,
                   long expiresAtMillis, String originClientId) {
        this.topic = topic;
        this.qos = qos;
        this.retain = retain;
        this.payload = payload;
        this.properties = properties;
        this.expiresAtMillis = expiresAtMillis;
        this.originClientId = originClientId;
    }

    public String topic() {
        return topic;
    }

    public QoS qos() {
        return qos;
    }

    public boolean retain() {
        return retain;
    }

    /** Shared by every receiver: never modified. */
    public byte[] payload() {
        return payload;
    }

    public Properties properties() {
        return properties;
    }

    public long expiresAtMillis() {
        return expiresAtMillis;
    }

    public String originClientId() {
        return originClientId;
    }

    /**
     * The PUBLISH bytes for receivers of one shape (3.x or 5.0, QoS, RETAIN flag) with no per-receiver properties,
     * encoded by the first delivery that needs them and shared by the rest (DESIGN.md 4: encoded once). Slots are
     * filled racily from several event loops: at worst two loops encode the same bytes, and an
     * {@link EncodedPublish} is immutable, so any value read is complete. PUBLISH encodes alike in 3.1 and 3.1.1.
     */
    EncodedPublish encoded(ProtocolVersion version, QoS qos, boolean retainFlag) {
        int slot = (version.isV5() ? 6 : 0) + qos.ordinal() * 2 + (retainFlag ? 1 : 0);
        EncodedPublish e = encodings[slot];
        if (e == null) {
            e = EncodedPublish.of(this, version, qos, retainFlag);
            encodings[slot] = e;
        }
        return e;
    }

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

    /**
     * The message's id in the durable store, taken from {@code next} the first time it is asked for. Two threads
     * asking at once get the same id: the first to set it wins.
     */
    long storeId(java.util.function.LongSupplier next) {
        long id = storeId;
        if (id != 0) {
            return id;
        }
        synchronized (this) { // once per stored message, never on the in-memory path
            if (storeId == 0) {
                storeId = next.getAsLong();
            }
            return storeId;
        }
    }

    /** A message read back from the durable store, keeping its id there (0 for none). */
    static Message restored(StoredMessage m, long storeId) {
        Message message = new Message(m.topic(), m.qos(), false, m.payload(), m.properties(), m.expiresAtMillis(),
                m.originClientId());
        message.storeId = storeId;
        return message;
    }

    /** The message as the durable store keeps it. */
    StoredMessage stored() {
        return new StoredMessage(topic, qos, payload, properties, expiresAtMillis, originClientId);
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
