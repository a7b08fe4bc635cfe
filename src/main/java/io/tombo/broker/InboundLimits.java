package io.tombo.broker;

import io.tombo.codec.QoS;
import io.tombo.config.BrokerConfig;

/**
 * What the broker accepts from a client, as announced in CONNACK (5.0): topic aliases, Receive Maximum for
 * inbound QoS 2, the highest QoS, retain support, and Mosquitto's {@code message_size_limit}.
 */
record InboundLimits(int topicAliasMaximum, int receiveMaximum, QoS maximumQos, boolean retainAvailable,
                     int messageSizeLimit) {

    static InboundLimits of(BrokerConfig config) {
        int receiveMaximum = config.maxInflightMessages() <= 0 ? 65535 : Math.min(65535, config.maxInflightMessages());
        return new InboundLimits(config.maxTopicAlias(), receiveMaximum, QoS.of(config.maxQos()),
                config.retainAvailable(), config.messageSizeLimit());
    }
}
