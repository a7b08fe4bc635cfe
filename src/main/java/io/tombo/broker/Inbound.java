package io.tombo.broker;

import io.tombo.codec.Properties;
import io.tombo.codec.PubAck;
import io.tombo.codec.PubComp;
import io.tombo.codec.PubRec;
import io.tombo.codec.PubRel;
import io.tombo.codec.Publish;
import io.tombo.codec.QoS;
import io.tombo.codec.ReasonCode;
import io.tombo.codec.RetainHandling;
import io.tombo.codec.SubAck;
import io.tombo.codec.Subscribe;
import io.tombo.codec.Subscription;
import io.tombo.codec.UnsubAck;
import io.tombo.security.Access;
import io.tombo.store.Change;
import io.tombo.codec.Unsubscribe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * What a connected client asks of the broker: PUBLISH (with its QoS 1/2 acknowledgements and topic aliases),
 * PUBREL, SUBSCRIBE and UNSUBSCRIBE. Runs on the connection's home thread, which owns {@code session}.
 *
 * <p>QoS 2 uses the spec's method A: the message is routed when the PUBLISH arrives and its packet identifier
 * kept until PUBREL, so a resent PUBLISH with the same identifier is acknowledged but not routed again
 * [MQTT-4.3.3-2] (3.1.1) [MQTT-4.3.3-10] (5.0).
 */
final class Inbound {
    private static final Logger log = LoggerFactory.getLogger(Inbound.class);
    /** Mosquitto's {@code log_type subscribe} / {@code unsubscribe} lines, switched on by the log setup. */
    private static final Logger subscribeLog = LoggerFactory.getLogger("io.tombo.log.subscribe");
    private static final Logger unsubscribeLog = LoggerFactory.getLogger("io.tombo.log.unsubscribe");

    private final Broker broker;
    private final Connection connection;
    private final Session session;
    private final InboundLimits limits;
    private final InboundAliases aliases;
    private final boolean v5;
    /** Publishes whose delivery waits for their commit; later ones wait behind them to keep their order. */
    private int deliveriesAwaitingCommit;
    /** This connection's home thread's batches to other threads; taken on first use, on that thread. */
    private Handover handover;
    private final MountPoint mount;

    Inbound(Broker broker, Connection connection, Session session, InboundLimits limits) {
        this.broker = broker;
        this.connection = connection;
        this.session = session;
        this.limits = limits;
        this.aliases = new InboundAliases(limits.topicAliasMaximum());
        this.v5 = connection.version().isV5();
        this.mount = connection.mountPoint();
    }

    void publish(Publish p) throws ProtocolViolation {
        broker.counters().onPublishReceived();
        if (p.qos().ordinal() > limits.maximumQos().ordinal()) {
            throw new ProtocolViolation(ReasonCode.QOS_NOT_SUPPORTED, "QoS " + p.qos().value() + " above maximum"); // [MQTT-3.2.2-11]
        }
        if (p.retain() && !limits.retainAvailable()) {
            throw new ProtocolViolation(ReasonCode.RETAIN_NOT_SUPPORTED, "retain is not available"); // [MQTT-3.2.2-14]
        }
        String topic = mount.topic(v5 ? aliases.resolve(p) : p.topic());
        if (p.qos() == QoS.EXACTLY_ONCE && session.awaitingRelease().contains(p.packetId())) {
            connection.send(new PubRec(p.packetId())); // resent before PUBREL: not routed again
            return;
        }
        if (!connection.allowed(Access.WRITE, topic)) {
            // Mosquitto: a 3.x publisher is acknowledged as if delivered [MQTT-3.3.5-2] (3.1.1), a 5.0 one told
            // 0x87; queued behind acknowledgements still waiting for the store, as PUBACKs go out in PUBLISH
            // order [MQTT-4.6.0-2]
            log.debug("client={} PUBLISH on {} denied by the ACL", connection.clientId(), topic);
            broker.persistence().apply(List.of(), connection.channel().home(), connection.channel(),
                    () -> acknowledge(p, ReasonCode.NOT_AUTHORIZED));
            return;
        }
        if (limits.messageSizeLimit() > 0 && p.payload().length > limits.messageSizeLimit()) {
            log.info("client={} message on {} dropped: {} bytes above message_size_limit", connection.clientId(), topic,
                    p.payload().length);
            acknowledge(p, ReasonCode.QUOTA_EXCEEDED);
            return;
        }
        if (v5 && p.qos() == QoS.EXACTLY_ONCE && session.awaitingRelease().size() >= limits.receiveMaximum()) {
            throw new ProtocolViolation(ReasonCode.RECEIVE_MAXIMUM_EXCEEDED, "more QoS 2 in flight than Receive Maximum"); // [MQTT-3.3.4-7]
        }
        Message m = Message.of(topic, p.qos(), p.retain(), p.payload(), p.properties(), broker.clock().millis(),
                connection.clientId());
        // Like Mosquitto, PUBACK says 0x10 when nobody subscribed; PUBREC keeps the short success form.
        Router.Route route = broker.router().route(m);
        ReasonCode reason = route.isEmpty() && p.qos() == QoS.AT_LEAST_ONCE
                ? ReasonCode.NO_MATCHING_SUBSCRIBERS : ReasonCode.SUCCESS;
        if (p.qos() == QoS.EXACTLY_ONCE) {
            if (p.dup()) {
                // a resend of a message this broker has no record of (lost before its PUBREC, or a clean session)
                log.debug("client={} resent QoS 2 PUBLISH id={} not awaiting release: routed", session.clientId(),
                        p.packetId());
            }
            session.awaitingRelease().add(p.packetId()); // from now a resend is not routed again [MQTT-4.3.3-10] (5.0)
        }
        // What was acknowledged is on disk: the message, its queue entries for sessions that outlive their
        // connection, a retained change and the QoS 2 identifier commit before PUBACK/PUBREC.
        Persistence persistence = broker.persistence();
        List<Change> changes = changes(p, m, route);
        if (persistence.durable() && p.qos() != QoS.EXACTLY_ONCE && deliveriesAwaitingCommit == 0) {
            // Delivered now, acknowledged after the commit: a crash before it loses no acknowledged message (the
            // publisher sends it again, a duplicate that QoS 0 and 1 allow), and a subscriber that acknowledges
            // before the commit lets its entry cancel out within the commit group (NetChanges).
            persistence.apply(changes, connection.channel().home(), connection.channel(),
                    () -> acknowledge(p, reason));
            route.deliver(true, handover());
        } else {
            // QoS 2 is delivered only once its identifier is durable: routed before and lost in a crash, the
            // publisher's resend would be routed again [MQTT-4.3.3-10] (5.0). Messages that follow it wait too, so
            // a publisher's messages reach subscribers in order. In memory: acknowledged before delivery, as
            // Mosquitto does (a client subscribed to its own topic sees PUBACK first).
            deliveriesAwaitingCommit++;
            persistence.apply(changes, connection.channel().home(), connection.channel(), () -> {
                deliveriesAwaitingCommit--;
                acknowledge(p, reason);
                route.deliver(true, handover());
            });
        }
        Session congested = route.congested();
        if (congested != null) {
            connection.holdBackFor(congested);
        }
        if (!route.isEmpty()) {
            connection.routed(route);
        }
    }

    /** The connection moved to another home thread: the next hand-overs leave in that thread's batches. */
    void homeChanged() {
        handover = null;
    }

    private Handover handover() {
        if (handover == null) {
            handover = Handover.of(connection.channel().home());
        }
        return handover;
    }

    /** The durable changes of one PUBLISH; empty when the store is not durable. */
    private List<Change> changes(Publish p, Message m, Router.Route route) {
        Persistence persistence = broker.persistence();
        if (!persistence.durable()) {
            return List.of();
        }
        List<Change> changes = new ArrayList<>(4);
        if (route.retainedChange() != null) {
            changes.add(route.retainedChange());
        }
        int stored = 0;
        for (int i = 0; i < route.size(); i++) {
            if (route.storedByPublisher(i)) {
                stored++;
            }
        }
        for (int i = 0; i < route.size(); i++) {
            if (route.storedByPublisher(i)) {
                long id = persistence.idOf(m);
                Delivery d = route.deliveries().get(i);
                String clientId = route.sessions().get(i).clientId();
                if (stored == 1) { // the body goes into the one queue entry
                    changes.add(new Change.EnqueueWithBody(clientId, id, m.stored(), d.qos().value(), d.retainFlag(),
                            d.subscriptionIds()));
                    continue;
                }
                if (changes.stream().noneMatch(c -> c instanceof Change.PutMessage)) {
                    changes.add(new Change.PutMessage(id, m.stored()));
                }
                changes.add(new Change.Enqueue(clientId, id, d.qos().value(), d.retainFlag(), d.subscriptionIds()));
            }
        }
        if (p.qos() == QoS.EXACTLY_ONCE && session.persists()) {
            changes.add(new Change.PutAwaitingRelease(session.clientId(), p.packetId()));
        }
        return changes;
    }

    private void acknowledge(Publish p, ReasonCode reason) {
        ReasonCode wire = v5 ? reason : ReasonCode.SUCCESS;
        switch (p.qos()) {
            case AT_MOST_ONCE -> { }
            case AT_LEAST_ONCE -> connection.send(new PubAck(p.packetId(), wire, Properties.EMPTY));
            case EXACTLY_ONCE -> connection.send(new PubRec(p.packetId(), wire, Properties.EMPTY));
        }
    }

    void release(PubRel r) {
        // [MQTT-4.3.3-11] An unknown identifier is answered with success too, as Mosquitto does: it is most often
        // a PUBREL resent after our PUBCOMP was lost, and 0x92 would make the client report a delivered message
        // as failed. A stored identifier is deleted before PUBCOMP: kept after it, a later message reusing the id
        // would be taken for a resend and lost.
        boolean known = session.awaitingRelease().remove(r.packetId());
        List<Change> changes = known && session.persists()
                ? List.of(new Change.DeleteAwaitingRelease(session.clientId(), r.packetId())) : List.of();
        broker.persistence().apply(changes, connection.channel().home(), connection.channel(),
                () -> connection.send(new PubComp(r.packetId())));
    }

    void subscribe(Subscribe s) {
        List<Integer> ids = s.properties().subscriptionIdentifiers();
        int subscriptionId = ids.isEmpty() ? 0 : ids.get(0);
        List<ReasonCode> reasons = new ArrayList<>(s.subscriptions().size());
        List<Subscriber> wantRetained = new ArrayList<>(s.subscriptions().size());
        List<Subscriber> stored = new ArrayList<>(s.subscriptions().size());
        for (Subscription sub : s.subscriptions()) {
            QoS granted = QoS.min(sub.maximumQos(), limits.maximumQos()); // [MQTT-3.8.4-6]
            String filter = mount.filter(sub.topicFilter());
            Subscription kept = new Subscription(filter, granted, sub.noLocal(), sub.retainAsPublished(),
                    sub.retainHandling());
            Subscriber subscriber = new Subscriber(session, kept, subscriptionId);
            // a second SUBSCRIBE to the same filter replaces the first [MQTT-3.8.4-3]
            boolean isNew = broker.index().subscribe(filter, subscriber);
            session.subscriptions().put(filter, subscriber);
            stored.add(subscriber);
            reasons.add(ReasonCode.granted(granted));
            subscribeLog.info("{} {} {}", connection.clientId(), granted.value(), sub.topicFilter());
            boolean shared = SharedFilter.parse(filter).isShared();
            RetainHandling rh = sub.retainHandling();
            if (!shared && (rh == RetainHandling.SEND_ON_SUBSCRIBE || (rh == RetainHandling.SEND_IF_NEW_SUBSCRIPTION && isNew))) {
                wantRetained.add(subscriber);
            }
        }
        List<Change> changes = new ArrayList<>();
        if (session.persists()) {
            for (Subscriber sub : stored) {
                changes.add(new Change.PutSubscription(session.clientId(), Persistence.stored(sub)));
            }
        }
        broker.persistence().apply(changes, connection.channel().home(), connection.channel(), () -> {
            connection.send(new SubAck(s.packetId(), reasons, Properties.EMPTY)); // [MQTT-3.8.4-1] [MQTT-3.8.4-5]
            long now = broker.clock().millis();
            for (Subscriber sub : wantRetained) {
                List<Integer> subIds = sub.subscriptionId() == 0 ? List.of() : List.of(sub.subscriptionId());
                // retained messages go out with RETAIN set [MQTT-3.3.1-6]
                broker.retained().forEachMatching(sub.options().topicFilter(), now, m -> session.deliver(
                        new Delivery(m, QoS.min(m.qos(), sub.options().maximumQos()), true, subIds)));
            }
        });
    }

    void unsubscribe(Unsubscribe u) {
        List<ReasonCode> reasons = new ArrayList<>(u.topicFilters().size());
        List<Change> changes = new ArrayList<>();
        for (String clientFilter : u.topicFilters()) {
            String filter = mount.filter(clientFilter);
            boolean removed = broker.index().unsubscribe(filter, session);
            session.subscriptions().remove(filter);
            reasons.add(removed ? ReasonCode.SUCCESS : ReasonCode.NO_SUBSCRIPTION_EXISTED);
            unsubscribeLog.info("{} {}", connection.clientId(), filter);
            if (removed && session.persists()) {
                changes.add(new Change.DeleteSubscription(session.clientId(), filter));
            }
        }
        broker.persistence().apply(changes, connection.channel().home(), connection.channel(),
                () -> connection.send(new UnsubAck(u.packetId(), reasons, Properties.EMPTY))); // [MQTT-3.10.4-4]
    }
}
