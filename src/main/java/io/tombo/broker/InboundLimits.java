package io.tombo.broker;

import io.tombo.codec.QoS;
import io.tombo.config.BrokerConfig;
import io.tombo.config.ListenerConfig;

/**
 * What the broker accepts from a client, as announced in CONNACK (5.0): topic aliases, Receive Maximum for
 * inbound QoS 2, the highest QoS, retain support, and Mosquitto's {@code message_size_limit}.
 */
record InboundLimits(int topicAliasMaximum, int receiveMaximum, QoS maximumQos, boolean retainAvailable,
                     int messageSizeLimit) {

    /** {@code max_qos} and {@code max_topic_alias} are listener settings in Mosquitto. */
    static InboundLimits of(BrokerConfig config, ListenerConfig listener) {
        int receiveMaximum = config.maxInflightMessages() <= 0 ? 65535 : Math.min(65535, config.maxInflightMessages());
        return new InboundLimits(listener.maxTopicAlias(), receiveMaximum, QoS.of(listener.maxQos()),
                config.retainAvailable(), config.messageSizeLimit());
    }
}
