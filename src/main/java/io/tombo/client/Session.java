package io.tombo.client;

import io.tombo.codec.ConnAck;
import io.tombo.codec.Packet;
import io.tombo.codec.PacketEncoder;
import io.tombo.codec.Properties;
import io.tombo.codec.Property;
import io.tombo.codec.ProtocolVersion;
import io.tombo.codec.PubAck;
import io.tombo.codec.PubComp;
import io.tombo.codec.PubRec;
import io.tombo.codec.PubRel;
import io.tombo.codec.Publish;
import io.tombo.codec.QoS;
import io.tombo.codec.ReasonCode;
import io.tombo.codec.SubAck;
import io.tombo.codec.Subscribe;
import io.tombo.codec.Subscription;
import io.tombo.codec.Topics;
import io.tombo.codec.UnsubAck;
import io.tombo.codec.Unsubscribe;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The client's session state (spec 4.1), which outlives any one connection: QoS 1/2 publishes waiting for a window
 * slot and in flight, SUBSCRIBE/UNSUBSCRIBE awaiting their acknowledgement, the server's QoS 2 identifiers awaiting
 * PUBREL, and the granted subscriptions (to subscribe again when a reconnect finds no session on the server).
 *
 * <p><b>Threading.</b> Callers' threads (publish, subscribe), the receive thread (acknowledgements) and the
 * reconnect thread all change this state, so it has one lock, this object's monitor, held only for map updates and
 * queueing packets to the writer, never for I/O or user code. Futures are completed after the lock is released
 * ({@link #later}), so a dependent stage that calls back into the client cannot run under it.
 */
final class Session {
    private static final Logger log = LoggerFactory.getLogger(Session.class);

    private record Request(List<String> filters, Subscribe subscribe, Object handler,
                           CompletableFuture<SubAck> subscribed, CompletableFuture<UnsubAck> unsubscribed) {
    }

    private record Granted(Subscription subscription, Properties properties, Object handler) {
    }

    private final ProtocolVersion version;
    private final int maxInflight;
    private final boolean queueWhileOffline;
    private final Routes routes;
    private final PacketIds ids = new PacketIds();
    private final ArrayDeque<Outbound> waiting = new ArrayDeque<>();
    private final LinkedHashMap<Integer, Outbound> inflight = new LinkedHashMap<>();
    private final Map<Integer, Request> requests = new HashMap<>();
    private final Set<Integer> inboundQos2 = new HashSet<>();
    private final LinkedHashMap<String, Granted> granted = new LinkedHashMap<>();
    private final List<Runnable> afterUnlock = new ArrayList<>();
    private Connection connection;
    private ServerLimits limits;
    private int window;
    private boolean closed;

    Session(ProtocolVersion version, int maxInflight, boolean queueWhileOffline, Routes routes, ServerLimits limits) {
        this.version = version;
        this.maxInflight = maxInflight <= 0 ? 65_535 : maxInflight;
        this.queueWhileOffline = queueWhileOffline;
        this.routes = routes;
        this.limits = limits;
    }

    /**
     * A connection is up. With the session present on the server, unacknowledged PUBLISHes are sent again with DUP
     * and PUBRELs again [MQTT-4.4.0-1], in their original order [MQTT-4.6.0-1]. Without it the client discards
     * what the server no longer shares [MQTT-3.2.2-5] (5.0): the server's QoS 2 identifiers are forgotten, QoS 2
     * messages already PUBRECed were the server's and complete, the other unacknowledged publishes go out again as
     * new ones (at least once beats never), and granted subscriptions are made again.
     */
    void attach(Connection c, ConnAck ack, ServerLimits serverLimits) {
        run(() -> {
            connection = c;
            limits = serverLimits;
            window = Math.min(maxInflight, serverLimits.receiveMaximum());
            if (ack.sessionPresent()) {
                for (Outbound o : inflight.values()) {
                    send(o.stage == Outbound.Stage.AWAITING_PUBCOMP ? new PubRel(o.packetId)
                            : o.message.withPacketId(o.packetId, true));
                }
            } else {
                inboundQos2.clear();
                for (var it = inflight.values().iterator(); it.hasNext(); ) {
                    Outbound o = it.next();
                    if (o.stage == Outbound.Stage.AWAITING_PUBCOMP) {
                        it.remove();
                        ids.release(o.packetId);
                        later(() -> o.done.complete(null));
                    } else {
                        send(o.launch(o.packetId));
                    }
                }
                resubscribe();
            }
            pump();
        });
    }

    /**
     * The connection is gone. SUBSCRIBE/UNSUBSCRIBE requests fail (their outcome is unknown); publishes fail too
     * unless the client will reconnect, in which case they wait for the next connection.
     */
    void detach(Connection c, MqttException cause, boolean keepPublishes) {
        run(() -> {
            if (connection != c) {
                return;
            }
            connection = null;
            failRequests(cause);
            if (!keepPublishes) {
                failPublishes(cause);
            }
        });
    }

    /** The client is closed: everything still open fails with {@code cause}. */
    void close(MqttException cause) {
        run(() -> {
            closed = true;
            connection = null;
            failRequests(cause);
            failPublishes(cause);
        });
    }

    void publish(Publish message, CompletableFuture<Void> done) {
        run(() -> {
            MqttException refusal = check(message);
            if (refusal != null) {
                later(() -> done.completeExceptionally(refusal));
            } else if (connection == null && (closed || !queueWhileOffline)) {
                later(() -> done.completeExceptionally(notConnected()));
            } else if (message.qos() == QoS.AT_MOST_ONCE && connection != null && waiting.isEmpty()) {
                sendQos0(message, done);
            } else {
                waiting.add(new Outbound(message, done));
                pump();
            }
        });
    }

    /** {@code handler}: a {@link MessageHandler} or an {@link AcknowledgingHandler}, null for the default one. */
    void subscribe(Subscribe template, Object handler, CompletableFuture<SubAck> done) {
        run(() -> {
            int id = connection == null ? 0 : ids.allocate();
            if (id == 0) {
                later(() -> done.completeExceptionally(connection == null ? notConnected()
                        : new MqttException("no free packet identifier")));
                return;
            }
            List<String> filters = template.subscriptions().stream().map(Subscription::topicFilter).toList();
            // the server may send matching messages before its SUBACK (spec 3.8.4), so route them already
            filters.forEach(f -> routes.add(f, handler));
            Subscribe packet = new Subscribe(id, template.subscriptions(), template.properties());
            requests.put(id, new Request(filters, packet, handler, done, null));
            send(packet);
        });
    }

    void unsubscribe(List<String> filters, Properties properties, CompletableFuture<UnsubAck> done) {
        run(() -> {
            int id = connection == null ? 0 : ids.allocate();
            if (id == 0) {
                later(() -> done.completeExceptionally(connection == null ? notConnected()
                        : new MqttException("no free packet identifier")));
                return;
            }
            requests.put(id, new Request(filters, null, null, null, done));
            send(new Unsubscribe(id, filters, properties));
        });
    }

    void pubAck(PubAck ack) {
        run(() -> finish(ack.packetId(), Outbound.Stage.AWAITING_PUBACK, ack.reason(), ack.properties()));
    }

    /** PUBREC: an error ends the flow [MQTT-4.4.0-2] (5.0); success moves it to PUBREL (again for a repeat). */
    void pubRec(PubRec rec) {
        run(() -> {
            Outbound o = inflight.get(rec.packetId());
            if (o == null || o.stage == Outbound.Stage.AWAITING_PUBACK) {
                log.debug("PUBREC for unknown packet identifier {}", rec.packetId());
                send(new PubRel(rec.packetId(), version.isV5() ? ReasonCode.PACKET_IDENTIFIER_NOT_FOUND
                        : ReasonCode.SUCCESS, Properties.EMPTY));
            } else if (rec.reason().isError()) {
                finish(rec.packetId(), Outbound.Stage.AWAITING_PUBREC, rec.reason(), rec.properties());
            } else {
                o.stage = Outbound.Stage.AWAITING_PUBCOMP;
                send(new PubRel(rec.packetId()));
            }
        });
    }

    void pubComp(PubComp comp) {
        run(() -> finish(comp.packetId(), Outbound.Stage.AWAITING_PUBCOMP, comp.reason(), comp.properties()));
    }

    /**
     * Inbound QoS 2: true the first time the server's identifier is seen since its last PUBREL, so a resent PUBLISH
     * is acknowledged but not delivered twice [MQTT-4.3.3-2] (3.1.1) / [MQTT-4.3.3-10] (5.0).
     */
    synchronized boolean firstDelivery(int packetId) {
        return inboundQos2.add(packetId);
    }

    /** PUBREL: the identifier is free again; the PUBCOMP to answer with [MQTT-4.3.3-2] (3.1.1) / [MQTT-4.3.3-11] (5.0). */
    synchronized PubComp release(PubRel rel) {
        boolean known = inboundQos2.remove(rel.packetId());
        return known || !version.isV5() ? new PubComp(rel.packetId())
                : new PubComp(rel.packetId(), ReasonCode.PACKET_IDENTIFIER_NOT_FOUND, Properties.EMPTY);
    }

    void subAck(SubAck ack) {
        run(() -> {
            Request r = requests.remove(ack.packetId());
            if (r == null || r.subscribe == null) {
                log.debug("SUBACK for unknown packet identifier {}", ack.packetId());
                return;
            }
            ids.release(ack.packetId());
            List<Subscription> subs = r.subscribe.subscriptions();
            for (int i = 0; i < subs.size(); i++) {
                String filter = subs.get(i).topicFilter();
                boolean refused = i >= ack.reasons().size() || ack.reasons().get(i).isError();
                if (refused) {
                    routes.remove(filter);
                    granted.remove(filter);
                } else {
                    granted.put(filter, new Granted(subs.get(i), r.subscribe.properties(), r.handler));
                }
            }
            if (r.subscribed != null) {
                later(() -> r.subscribed.complete(ack));
            }
        });
    }

    void unsubAck(UnsubAck ack) {
        run(() -> {
            Request r = requests.remove(ack.packetId());
            if (r == null || r.unsubscribed == null) {
                log.debug("UNSUBACK for unknown packet identifier {}", ack.packetId());
                return;
            }
            ids.release(ack.packetId());
            for (String f : r.filters) {
                routes.remove(f);
                granted.remove(f);
            }
            later(() -> r.unsubscribed.complete(ack));
        });
    }

    /** Publishes still waiting or in flight (for tests and the bench tool's back-pressure). */
    synchronized int unfinished() {
        return waiting.size() + inflight.size();
    }

    // ---- under the lock ----

    private void finish(int packetId, Outbound.Stage expected, ReasonCode reason, Properties properties) {
        Outbound o = inflight.get(packetId);
        if (o == null || o.stage != expected) {
            log.debug("{} acknowledgement for packet identifier {} not awaiting it", expected, packetId);
            return;
        }
        inflight.remove(packetId);
        ids.release(packetId);
        if (reason.isError()) {
            MqttException e = new MqttException(ReasonStrings.reason(reason), reason,
                    properties.string(Property.REASON_STRING), null);
            later(() -> o.done.completeExceptionally(e));
        } else {
            later(() -> o.done.complete(null));
        }
        pump();
    }

    /**
     * Moves waiting publishes into flight while a connection is up and the window, min(maxInflight, the server's
     * Receive Maximum), has room [MQTT-3.3.4-7] [MQTT-4.9.0-2] (5.0). Identifiers are unused ones [MQTT-2.2.1-3].
     */
    private void pump() {
        while (connection != null && !waiting.isEmpty()) {
            Outbound o = waiting.peek();
            if (o.qos() == QoS.AT_MOST_ONCE) {
                waiting.poll();
                sendQos0(o.message, o.done);
                continue;
            }
            if (inflight.size() >= window) {
                return;
            }
            int id = ids.allocate();
            if (id == 0) {
                return;
            }
            waiting.poll();
            inflight.put(id, o);
            send(o.launch(id));
        }
    }

    private void sendQos0(Publish message, CompletableFuture<Void> done) {
        if (!connection.send(message, done)) {
            later(() -> done.completeExceptionally(new MqttException("Connection lost")));
        }
    }

    private void send(Packet p) {
        if (connection != null) {
            connection.send(p);
        }
    }

    /** One SUBSCRIBE per granted filter, with the properties and handler it was granted with. */
    private void resubscribe() {
        for (Granted g : granted.values()) {
            int id = ids.allocate();
            String filter = g.subscription.topicFilter();
            CompletableFuture<SubAck> done = new CompletableFuture<>();
            done.whenComplete((ack, failure) -> log.debug("subscribed again to {}: {}", filter,
                    failure == null ? ack.reasons() : failure.getMessage()));
            Subscribe packet = new Subscribe(id, List.of(g.subscription), g.properties);
            requests.put(id, new Request(List.of(filter), packet, g.handler, done, null));
            send(packet);
        }
    }

    /** A publish the server would refuse: checked here so the future fails with a clear reason. */
    private MqttException check(Publish message) {
        if (!Topics.isValidName(message.topic())) {
            return new MqttException("Invalid topic name '" + message.topic() + "' [MQTT-3.3.2-2] [MQTT-4.7.3-1]");
        }
        if (message.qos().value() > limits.maximumQos().value()) {
            return new MqttException("Requested QoS not supported on server.", ReasonCode.QOS_NOT_SUPPORTED, null,
                    null);
        }
        if (message.retain() && !limits.retainAvailable()) {
            return new MqttException("Retain not supported", ReasonCode.RETAIN_NOT_SUPPORTED, null, null);
        }
        long size;
        try {
            size = PacketEncoder.encodedLength(message.qos() == QoS.AT_MOST_ONCE ? message
                    : message.withPacketId(1, false), version);
        } catch (IllegalArgumentException e) {
            return new MqttException("Invalid publish: " + e.getMessage(), e);
        }
        if (size > limits.maximumPacketSize()) {
            return new MqttException("Packet larger than supported by the server. (" + size + " bytes, maximum "
                    + limits.maximumPacketSize() + ")", ReasonCode.PACKET_TOO_LARGE, null, null);
        }
        return null;
    }

    private void failRequests(MqttException cause) {
        for (var e : requests.entrySet()) {
            ids.release(e.getKey());
            Request r = e.getValue();
            later(() -> {
                if (r.subscribed != null) {
                    r.subscribed.completeExceptionally(cause);
                } else {
                    r.unsubscribed.completeExceptionally(cause);
                }
            });
        }
        requests.clear();
    }

    private void failPublishes(MqttException cause) {
        for (Outbound o : inflight.values()) {
            ids.release(o.packetId);
            later(() -> o.done.completeExceptionally(cause));
        }
        inflight.clear();
        for (Outbound o : waiting) {
            later(() -> o.done.completeExceptionally(cause));
        }
        waiting.clear();
    }

    private static MqttException notConnected() {
        return new MqttException("The client is not currently connected.");
    }

    private void later(Runnable completion) {
        afterUnlock.add(completion);
    }

    /** Runs {@code change} under the lock, then the completions it queued, outside the lock. */
    private void run(Runnable change) {
        List<Runnable> completions;
        synchronized (this) {
            change.run();
            if (afterUnlock.isEmpty()) {
                return;
            }
            completions = List.copyOf(afterUnlock);
            afterUnlock.clear();
        }
        completions.forEach(Runnable::run);
    }
}
