package io.tombo.broker;

import io.tombo.codec.QoS;
import io.tombo.store.Change;

import java.util.ArrayList;
import java.util.LinkedHashMap;
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
    private final Persistence persistence;
    private final boolean upgradeOutgoingQos;

    Router(SubscriptionIndex index, RetainedMessages retained, Persistence persistence, boolean upgradeOutgoingQos) {
        this.persistence = persistence;
        this.index = index;
        this.retained = retained;
        this.upgradeOutgoingQos = upgradeOutgoingQos;
    }

    /**
     * The broker's own publishes (wills, $SYS, log lines): stores a retained message and delivers to subscribers;
     * returns how many sessions it reached. Nobody waits for an acknowledgement, so nothing waits for the store;
     * $SYS values are not kept across restarts.
     */
    public int publish(Message message) {
        Route route = route(message);
        if (route.retainedChange() != null && !message.topic().startsWith("$SYS/")) {
            persistence.record(route.retainedChange());
        }
        route.deliver(false);
        return route.size();
    }

    /**
     * Applies a retained message and works out what each session receives, without delivering yet: the publisher
     * can make the message durable and acknowledge before any subscriber sees it.
     */
    Route route(Message message) {
        Change retainedChange = message.retain() ? retained.apply(message) : null;
        List<Subscriber> matches = new ArrayList<>(4);
        index.match(message.topic(), s -> {
            if (!(s.options().noLocal() && s.session().clientId().equals(message.originClientId()))) {
                matches.add(s);
            }
        });
        List<Session> sessions;
        List<Delivery> deliveries;
        if (matches.size() <= 1) {
            sessions = matches.isEmpty() ? List.of() : List.of(matches.get(0).session());
            deliveries = matches.isEmpty() ? List.of() : List.of(delivery(message, matches.get(0)));
        } else {
            Map<Session, Target> targets = new LinkedHashMap<>();
            for (Subscriber s : matches) {
                targets.computeIfAbsent(s.session(), k -> new Target()).add(s, qosFor(message, s), retainFlag(message, s));
            }
            sessions = new ArrayList<>(targets.keySet());
            deliveries = new ArrayList<>(targets.size());
            for (Target t : targets.values()) {
                deliveries.add(new Delivery(message, t.qos, t.retain, List.copyOf(t.ids)));
            }
        }
        return new Route(retainedChange, sessions, deliveries);
    }

    private Delivery delivery(Message message, Subscriber s) {
        return new Delivery(message, qosFor(message, s), retainFlag(message, s),
                s.subscriptionId() == 0 ? List.of() : List.of(s.subscriptionId()));
    }

    /**
     * A routed message: the retained change it caused (or null) and one delivery per session, overlapping
     * subscriptions merged.
     */
    record Route(Change retainedChange, List<Session> sessions, List<Delivery> deliveries) {

        boolean isEmpty() {
            return sessions.isEmpty();
        }

        int size() {
            return sessions.size();
        }

        /** Whether the publisher writes the queue entry of delivery {@code i} with the message. */
        boolean storedByPublisher(int i) {
            return deliveries.get(i).qos() != QoS.AT_MOST_ONCE && sessions.get(i).persists();
        }

        /** A connected session this route gives a QoS 1/2 message that is behind on those already, or null. */
        Session congested() {
            for (int i = 0; i < sessions.size(); i++) {
                if (deliveries.get(i).qos() != QoS.AT_MOST_ONCE && sessions.get(i).congested()) {
                    return sessions.get(i);
                }
            }
            return null;
        }

        /** Hands each session its delivery; with {@code stored}, those {@link #storedByPublisher} say so. */
        void deliver(boolean stored) {
            for (int i = 0; i < sessions.size(); i++) {
                Delivery d = deliveries.get(i);
                sessions.get(i).deliver(stored && storedByPublisher(i) ? d.asStored() : d);
            }
        }

        /** As {@link #deliver(boolean)}, on a home thread whose deliveries to other threads leave in batches. */
        void deliver(boolean stored, Handover via) {
            for (int i = 0; i < sessions.size(); i++) {
                Delivery d = deliveries.get(i);
                sessions.get(i).deliver(stored && storedByPublisher(i) ? d.asStored() : d, via);
            }
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
