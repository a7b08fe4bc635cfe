package io.tombo.store;

import io.tombo.codec.Properties;
import io.tombo.codec.QoS;

/** A message as the store keeps it: what a restart needs to deliver it again. */
public record StoredMessage(String topic, QoS qos, byte[] payload, Properties properties, long expiresAtMillis,
                            String originClientId) {
}
