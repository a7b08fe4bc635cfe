package io.tombo.broker;

import io.tombo.store.Store;
import io.tombo.store.StoredMessage;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The last retained message of each topic [MQTT-3.3.1-5]. A message with an empty payload removes the topic's
 * retained message and is not stored [MQTT-3.3.1-10] [MQTT-3.3.1-11]. Concurrent: publishers on any thread
 * write, subscribers on any thread read. Changes go to the {@link Store} so they can survive a restart.
 */
public final class RetainedMessages {
    private final Map<String, Message> byTopic = new ConcurrentHashMap<>();
    private final Store store;

    public RetainedMessages(Store store) {
        this.store = store;
        store.loadRetained(m -> byTopic.put(m.topic(), new Message(m.topic(), m.qos(), true, m.payload(),
                m.properties(), m.expiresAtMillis(), m.originClientId())));
    }

    public void apply(Message message) {
        if (message.payload().length == 0) {
            if (byTopic.remove(message.topic()) != null) {
                store.removeRetained(message.topic());
            }
        } else {
            Message kept = message.withRetain(true);
            byTopic.put(message.topic(), kept);
            store.saveRetained(new StoredMessage(kept.topic(), kept.qos(), kept.payload(), kept.properties(),
                    kept.expiresAtMillis(), kept.originClientId()));
        }
    }

    /** Calls {@code sink} with each live retained message whose topic matches the (non-shared) filter. */
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
            if (TopicMatcher.matches(filter, m.topic()) && !expire(m, nowMillis)) {
                sink.accept(m);
            }
        }
    }

    public int size() {
        return byTopic.size();
    }

    private boolean expire(Message m, long nowMillis) {
        if (m.isExpired(nowMillis)) {
            if (byTopic.remove(m.topic(), m)) {
                store.removeRetained(m.topic());
            }
            return true;
        }
        return false;
    }
}
