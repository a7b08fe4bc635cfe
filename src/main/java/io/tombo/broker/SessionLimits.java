package io.tombo.broker;

import io.tombo.config.BrokerConfig;

/**
 * Per-session bounds from mosquitto.conf: the outbound in-flight window (messages and bytes), the queue behind
 * it, and the broker-wide heap limit. 0 means unlimited, as in Mosquitto. {@code publisherHoldMillis} is how long
 * publishers wait for a connected session that is behind and makes no progress (0: they never wait).
 */
record SessionLimits(int maxInflightMessages, long maxInflightBytes, int maxQueuedMessages, long maxQueuedBytes,
                     boolean queueQos0Messages, long memoryLimit, long publisherHoldMillis) {

    static SessionLimits of(BrokerConfig config) {
        return new SessionLimits(config.maxInflightMessages(), config.maxInflightBytes(), config.maxQueuedMessages(),
                config.maxQueuedBytes(), config.queueQos0Messages(), config.memoryLimit(),
                config.publisherHoldTimeout() * 1000L);
    }

    /** Mosquitto's {@code memory_limit}: once the heap in use passes it, no more messages are queued. */
    boolean overMemoryLimit() {
        if (memoryLimit <= 0) {
            return false;
        }
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory() > memoryLimit;
    }
}
