package io.tombo.broker;

import io.tombo.codec.Properties;
import io.tombo.codec.QoS;
import io.tombo.codec.Subscription;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** Builders for sessions, messages and subscribers, so tests read as the scenario they check. */
final class TestSessions {
    /** Mosquitto's defaults: 20 in flight, 1000 queued, no byte limits, QoS 0 not queued offline. */
    static final SessionLimits DEFAULTS = new SessionLimits(20, 0, 1000, 0, false, 0, 5000);

    private TestSessions() {
    }

    static Session session(String clientId) {
        return session(clientId, DEFAULTS);
    }

    /** The in-memory store's side of persistence: nothing is written, every continuation runs at once. */
    static final Persistence MEMORY = new Persistence(new io.tombo.store.MemoryStore(), 0);

    static SessionContext context(SessionLimits limits, BrokerCounters counters, java.time.InstantSource clock) {
        return new SessionContext(() -> limits, counters, clock, MEMORY);
    }

    static Session session(String clientId, SessionLimits limits) {
        return new Session(clientId, InlineHomeThread.inline(), context(limits, new BrokerCounters(), new ManualClock(0)));
    }

    /** A session attached to a fresh {@link FakeOutbound}, as after CONNACK. */
    static FakeOutbound connect(Session s) {
        FakeOutbound out = new FakeOutbound();
        s.attach(out);
        return out;
    }

    static Message message(String topic, QoS qos, String payload) {
        return new Message(topic, qos, false, payload.getBytes(StandardCharsets.UTF_8), Properties.EMPTY, 0,
                "publisher");
    }

    static Delivery delivery(String payload, QoS qos) {
        return new Delivery(message("t", qos, payload), qos, false, List.of());
    }

    static Subscriber subscriber(Session s, String filter, QoS qos) {
        return new Subscriber(s, new Subscription(filter, qos), 0);
    }
}
