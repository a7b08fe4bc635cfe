package io.tombo.broker;

import io.tombo.codec.Topics;
import io.tombo.store.Change;
import io.tombo.store.StoredMessage;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The last retained message of each topic [MQTT-3.3.1-5]. A message with an empty payload removes the topic's
 * retained message and is not stored [MQTT-3.3.1-10] [MQTT-3.3.1-11]. Concurrent: publishers on any thread
 * write, subscribers on any thread read. Each change is returned as a {@link Change} for the caller's store batch,
 * so a retained message is durable before its PUBACK.
 */
public final class RetainedMessages {
    private final Map<String, Message> byTopic = new ConcurrentHashMap<>();

    /** Restores the retained messages of a snapshot (at start-up). */
    void restore(List<StoredMessage> stored) {
        for (StoredMessage m : stored) {
            byTopic.put(m.topic(), new Message(m.topic(), m.qos(), true, m.payload(), m.properties(),
                    m.expiresAtMillis(), m.originClientId()));
        }
    }

    /** Stores or clears the topic's retained message; returns the change for the durable store. */
    Change apply(Message message) {
        if (message.payload().length == 0) {
            byTopic.remove(message.topic());
            return new Change.DeleteRetained(message.topic());
        }
        Message kept = message.withRetain(true);
        byTopic.put(message.topic(), kept);
        return new Change.PutRetained(kept.stored());
    }

    /**
     * Calls {@code sink} with each live retained message whose topic matches the (non-shared) filter; expired
     * ones are skipped and forgotten (the store drops them at the next restart's load).
     */
    public void forEachMatching(String filter, long nowMillis, Consumer<Message> sink) {
        boolean wildcard = filter.indexOf('+') >= 0 || filter.indexOf('#') >= 0;
        if (!wildcard) {
            Message m = byTopic.get(filter);
            if (m != null && !expire(m, nowMillis)) {
                sink.accept(m);
            }
            return;
        }
        for (Message m : byTopic.values()) {
            if (Topics.matches(filter, m.topic()) && !expire(m, nowMillis)) {
                sink.accept(m);
            }
        }
    }

    public int size() {
        return byTopic.size();
    }

    private boolean expire(Message m, long nowMillis) {
        if (m.isExpired(nowMillis)) {
            byTopic.remove(m.topic(), m);
            return true;
        }
        return false;
    }
}
