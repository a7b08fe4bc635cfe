package io.tombo.broker;

import io.tombo.codec.QoS;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Routes a published message to every session whose subscriptions match, on the publisher's thread, with no
 * lock: matching reads the concurrent {@link SubscriptionIndex}, and each session gets the message through
 * {@link Session#deliver}, which hands it to the session's home thread.
 *
 * <p>A session with several matching subscriptions receives the message once, at the highest granted QoS,
 * carrying every matching subscription identifier [MQTT-3.3.4-2] [MQTT-3.3.4-3]. No-local subscriptions skip
 * the publisher's own session [MQTT-3.8.3-3]. The RETAIN flag of a live message is cleared unless the
 * subscription asked for retain-as-published [MQTT-3.3.1-12] [MQTT-3.3.1-13].
 */
public final class Router {
    private final SubscriptionIndex index;
    private final RetainedMessages retained;
    private final boolean upgradeOutgoingQos;

    Router(SubscriptionIndex index, RetainedMessages retained, boolean upgradeOutgoingQos) {
        this.index = index;
        this.retained = retained;
        this.upgradeOutgoingQos = upgradeOutgoingQos;
    }

    /** Stores a retained message and delivers it to subscribers; returns how many sessions it reached. */
    public int publish(Message message) {
        Route route = route(message);
        route.deliver();
        return route.sessions();
    }

    /**
     * Applies a retained message and finds the sessions a message goes to, without delivering yet: the publisher
     * can then acknowledge before its own subscription receives the message, as Mosquitto orders them.
     */
    Route route(Message message) {
        if (message.retain()) {
            retained.apply(message);
        }
        List<Subscriber> matches = new ArrayList<>(4);
        index.match(message.topic(), s -> {
            if (!(s.options().noLocal() && s.session().clientId().equals(message.originClientId()))) {
                matches.add(s);
            }
        });
        return new Route(message, matches);
    }

    /** The matches of one message, delivered once to each session. */
    final class Route {
        private final Message message;
        private final List<Subscriber> matches;

        private Route(Message message, List<Subscriber> matches) {
            this.message = message;
            this.matches = matches;
        }

        boolean isEmpty() {
            return matches.isEmpty();
        }

        int sessions() {
            return matches.size();
        }

        void deliver() {
            if (matches.size() == 1) {
                Subscriber s = matches.get(0);
                s.session().deliver(new Delivery(message, qosFor(message, s), retainFlag(message, s),
                        s.subscriptionId() == 0 ? List.of() : List.of(s.subscriptionId())));
                return;
            }
            if (matches.isEmpty()) {
                return;
            }
            Map<Session, Target> targets = new HashMap<>();
            for (Subscriber s : matches) {
                targets.computeIfAbsent(s.session(), k -> new Target()).add(s, qosFor(message, s), retainFlag(message, s));
            }
            targets.forEach((session, t) -> session.deliver(new Delivery(message, t.qos, t.retain, List.copyOf(t.ids))));
        }
    }

    private QoS qosFor(Message message, Subscriber s) {
        QoS granted = s.options().maximumQos();
        return upgradeOutgoingQos ? granted : QoS.min(message.qos(), granted);
    }

    private static boolean retainFlag(Message message, Subscriber s) {
        return message.retain() && s.options().retainAsPublished();
    }

    /** The combined delivery for one session with several matching subscriptions. */
    private static final class Target {
        QoS qos = QoS.AT_MOST_ONCE;
        boolean retain;
        final List<Integer> ids = new ArrayList<>(2);

        void add(Subscriber s, QoS q, boolean retainFlag) {
            if (q.ordinal() > qos.ordinal()) {
                qos = q;
            }
            retain |= retainFlag;
            if (s.subscriptionId() != 0) {
                ids.add(s.subscriptionId());
            }
        }
    }
}
