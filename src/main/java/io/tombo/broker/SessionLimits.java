package io.tombo.broker;

import io.tombo.config.BrokerConfig;

/**
 * Per-session bounds from mosquitto.conf: the outbound in-flight window and the queue behind it. 0 means
 * unlimited, as in Mosquitto.
 */
record SessionLimits(int maxInflightMessages, int maxQueuedMessages, long maxQueuedBytes, boolean queueQos0Messages) {

    static SessionLimits of(BrokerConfig config) {
        return new SessionLimits(config.maxInflightMessages(), config.maxQueuedMessages(), config.maxQueuedBytes(),
                config.queueQos0Messages());
    }
}
