package io.tombo.broker;

import io.tombo.codec.QoS;
import java.time.InstantSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import io.tombo.store.Change;
import io.tombo.store.StoredWill;

/**
 * The state the spec keeps per client identifier across connections [MQTT-4.1.0-1]: subscriptions, outbound
 * QoS 1/2 messages in flight, the queue of messages waiting for a window or a connection, and inbound QoS 2
 * packet identifiers awaiting PUBREL.
 *
 * <p>Threading: owned by its {@link #home()} thread, the event loop of the connection last attached. Every
 * method except {@link #deliver}, {@link #clientId()}, {@link #home()} and {@link #isConnected()} runs on it.
 * {@link #deliver} may be called from any thread and hands itself over. When a client reconnects on another
 * event loop the old home hands the session over with {@link #moveTo}; tasks still queued on the old home
 * forward themselves.
 */
public final class Session {
    private static final Logger log = LoggerFactory.getLogger(Session.class);

    private final String clientId;
    private final Supplier<SessionLimits> limits;
    private final BrokerCounters counters;
    private final InstantSource clock;
    private final Persistence persistence;
    private volatile HomeThread home;
    private volatile boolean connected;
    private volatile boolean ended;

    private Outbound outbound;
    // Created on first use: most sessions never subscribe, never use QoS 2 and never queue, and 10,000 idle
    // clients should cost little heap (BENCHMARKS.md, heap per idle connection).
    private Map<String, Subscriber> subscriptions;
    /** The shared immutable empty map until the first message goes out (a LinkedHashMap: resent in order). */
    private Map<Integer, InflightMessage> inflight = Map.of();
    /** Null until a message has to wait. */
    private ArrayDeque<Delivery> queue;
    private long queuedBytes;
    private long inflightBytes;
    private Set<Integer> awaitingRelease;
    private int nextPacketId = 1;
    private volatile long dropped;

    /** Session expiry interval in seconds after disconnect; -1 never expires. Read by publishers: volatile. */
    private volatile long expiryInterval;
    private HomeThread.Cancellable expiryTask;
    private PendingWill pendingWill;
    /** When the last connection closed; 0 while connected. Stored so that time spent down counts. */
    private long disconnectedAtMillis;
    /** The will the durable store holds: the connected client's, or the one waiting out its delay. */
    private StoredWill durableWill;

    Session(String clientId, HomeThread home, SessionContext context) {
        this.clientId = clientId;
        this.home = home;
        this.limits = context.limits();
        this.counters = context.counters();
        this.clock = context.clock();
        this.persistence = context.persistence();
    }

    /**
     * Whether this session is kept in the durable store: it outlives its connection and the store is durable.
     * Its QoS 1/2 queue entries are then written there, by the publisher or by the session itself.
     */
    boolean persists() {
        return expiryInterval != 0 && persistence.durable();
    }

    public String clientId() {
        return clientId;
    }

    public HomeThread home() {
        return home;
    }

    public boolean isConnected() {
        return connected;
    }

    boolean isEnded() {
        return ended;
    }

    /** Messages this session dropped because its queue was full, for $SYS and logs. */
    long dropped() {
        return dropped;
    }

    int queuedCount() {
        return queue == null ? 0 : queue.size();
    }

    int inflightCount() {
        return inflight.size();
    }

    Outbound outbound() {
        return outbound;
    }

    Map<String, Subscriber> subscriptions() {
        if (subscriptions == null) {
            subscriptions = new HashMap<>();
        }
        return subscriptions;
    }

    Set<Integer> awaitingRelease() {
        if (awaitingRelease == null) {
            awaitingRelease = new HashSet<>();
        }
        return awaitingRelease;
    }

    void expiryInterval(long seconds) {
        this.expiryInterval = seconds;
    }

    long expiryInterval() {
        return expiryInterval;
    }

    /** Makes {@code next} the owner. Call on the current home; the caller continues on {@code next}. */
    void moveTo(HomeThread next) {
        this.home = next;
    }

    /** Queues or sends a message; safe from any thread [MQTT-4.6.0-6: per-topic order is kept per session]. */
    public void deliver(Delivery delivery) {
        HomeThread h = home;
        if (!h.inThread()) {
            h.execute(() -> deliver(delivery));
            return;
        }
        if (ended) {
            return;
        }
        if (delivery.message().isExpired(clock.millis())) {
            counters.onExpired();
            return;
        }
        if (!connected && delivery.qos() == QoS.AT_MOST_ONCE && !limits.get().queueQos0Messages()) {
            return; // Mosquitto keeps no QoS 0 messages for offline clients unless asked to
        }
        Delivery d = delivery;
        if (!d.stored() && d.qos() != QoS.AT_MOST_ONCE && persists()) {
            // not written by a publisher (a retained message on subscribe, a will): the session writes it
            long id = persistence.idOf(d.message());
            persistence.record(new Change.PutMessage(id, d.message().stored()));
            persistence.record(new Change.Enqueue(clientId, id, d.qos().value(), d.retainFlag(), d.subscriptionIds()));
            d = d.asStored();
        }
        if (connected && queuedCount() == 0 && canSend(d.qos())) {
            send(d);
        } else {
            enqueue(d);
        }
    }

    /** Connects {@code out} to this session and resends what was in flight, DUP set [MQTT-4.4.0-1]. */
    void attach(Outbound out) {
        cancelExpiry();
        this.outbound = out;
        this.connected = true;
        for (InflightMessage m : inflight.values()) {
            if (m.released) {
                out.sendPubRel(m.packetId);
            } else {
                out.sendPublish(m.delivery, m.packetId, true);
            }
        }
        pump();
    }

    /** The connection is gone; the session waits for the next one or its expiry. */
    void detach() {
        this.outbound = null;
        this.connected = false;
    }

    /** Moves queued messages into the window while the client can take them. */
    void pump() {
        while (connected && queuedCount() > 0 && canSend(queue.peekFirst().qos())) {
            Delivery d = queue.pollFirst();
            queuedBytes -= d.message().size();
            if (d.message().isExpired(clock.millis())) {
                counters.onExpired(); // [MQTT-3.3.2-5]
                unstore(d);
                continue;
            }
            send(d);
        }
    }

    /** PUBACK from the client; false when no such message was in flight. */
    boolean acknowledge(int packetId) {
        InflightMessage m = inflight.get(packetId);
        if (m == null || m.delivery.qos() != QoS.AT_LEAST_ONCE) {
            return false;
        }
        forget(packetId);
        pump();
        return true;
    }

    /** PUBREC from the client: answer PUBREL, or give up the message when the client refused it. */
    boolean received(int packetId, boolean refused) {
        InflightMessage m = inflight.get(packetId);
        if (m == null || m.delivery.qos() != QoS.EXACTLY_ONCE) {
            return false;
        }
        if (refused) {
            forget(packetId); // a PUBREC with an error reason ends the flow (5.0 section 4.3.3)
            pump();
            return true;
        }
        m.released = true;
        if (!m.delivery.stored()) {
            outbound.sendPubRel(packetId);
            return true;
        }
        // PUBREL only once the store knows: restored as "awaiting PUBREC", the message would be sent again after
        // PUBREL [MQTT-4.3.3-6] and the receiver, its id released, would take it as new
        persistence.apply(List.of(new Change.MarkReleased(clientId, persistence.idOf(m.delivery.message()))), home,
                () -> {
                    if (inflight.get(packetId) == m && outbound != null) {
                        outbound.sendPubRel(packetId);
                    }
                });
        return true;
    }

    /** PUBCOMP from the client. */
    boolean completed(int packetId) {
        InflightMessage m = inflight.get(packetId);
        if (m == null || !m.released) {
            return false;
        }
        forget(packetId);
        pump();
        return true;
    }

    void scheduleExpiry(Runnable onExpiry) {
        scheduleExpiry(onExpiry, expiryInterval * 1000);
    }

    /** Expires the session after {@code millis} unless a connection attaches first; never with interval -1. */
    void scheduleExpiry(Runnable onExpiry, long millis) {
        cancelExpiry();
        if (expiryInterval >= 0) {
            expiryTask = home.schedule(onExpiry, Math.max(0, millis), java.util.concurrent.TimeUnit.MILLISECONDS);
        }
    }

    long disconnectedAtMillis() {
        return disconnectedAtMillis;
    }

    void disconnectedAtMillis(long millis) {
        this.disconnectedAtMillis = millis;
    }

    StoredWill durableWill() {
        return durableWill;
    }

    void durableWill(StoredWill will) {
        this.durableWill = will;
    }

    void cancelExpiry() {
        if (expiryTask != null) {
            expiryTask.cancel();
            expiryTask = null;
        }
    }

    PendingWill pendingWill() {
        return pendingWill;
    }

    void pendingWill(PendingWill will) {
        this.pendingWill = will;
    }

    /** Ends the session for good: nothing more is delivered to it. */
    void end() {
        ended = true;
        connected = false;
        cancelExpiry();
        queue = null;
        inflight = Map.of();
        queuedBytes = 0;
        inflightBytes = 0;
    }

    private boolean canSend(QoS qos) {
        Outbound out = outbound;
        if (out == null || !out.isWritable()) {
            return false;
        }
        if (qos == QoS.AT_MOST_ONCE) {
            return true;
        }
        SessionLimits l = limits.get();
        int window = out.receiveMaximum();
        if (l.maxInflightMessages() > 0) {
            window = Math.min(window, l.maxInflightMessages());
        }
        if (l.maxInflightBytes() > 0 && inflightBytes >= l.maxInflightBytes()) {
            return false;
        }
        return inflight.size() < window;
    }

    private void send(Delivery d) {
        if (d.qos() == QoS.AT_MOST_ONCE) {
            outbound.sendPublish(d, 0, false);
            return;
        }
        int id = allocatePacketId();
        InflightMessage m = new InflightMessage(id, d);
        writableInflight().put(id, m);
        inflightBytes += d.message().size();
        if (d.stored()) {
            persistence.record(new Change.MarkSent(clientId, persistence.idOf(d.message()), id));
        }
        transmit(m);
    }

    private void transmit(InflightMessage m) {
        if (!outbound.sendPublish(m.delivery, m.packetId, false)) {
            forget(m.packetId); // larger than the client's maximum packet size: discarded [MQTT-3.1.2-25]
        }
    }

    private void enqueue(Delivery d) {
        int size = d.message().size();
        SessionLimits l = limits.get();
        boolean full = (l.maxQueuedMessages() > 0 && queuedCount() >= l.maxQueuedMessages())
                || (l.maxQueuedBytes() > 0 && queuedBytes + size > l.maxQueuedBytes())
                || l.overMemoryLimit();
        if (full) {
            unstore(d);
            dropped++;
            counters.onDropped();
            if (dropped == 1 || dropped % 1000 == 0) {
                log.warn("client={} queue full ({} messages, {} bytes): dropped {} messages so far",
                        clientId, queuedCount(), queuedBytes, dropped);
            }
            return;
        }
        waiting().addLast(d);
        queuedBytes += size;
    }

    private void forget(int packetId) {
        InflightMessage m = inflight.remove(packetId);
        inflightBytes -= m.delivery.message().size();
        unstore(m.delivery);
    }

    /** The delivery is done with (acknowledged, refused, dropped, expired): its stored entry goes. */
    private void unstore(Delivery d) {
        if (d.stored()) {
            persistence.record(new Change.Dequeue(clientId, persistence.idOf(d.message())));
        }
    }

    /** A queued message restored from the store, in queue order. */
    void restoreQueued(Delivery d) {
        waiting().addLast(d);
        queuedBytes += d.message().size();
    }

    /** An in-flight message restored from the store: resent with DUP (or its PUBREL resent) on attach. */
    void restoreInflight(int packetId, Delivery d, boolean released) {
        InflightMessage m = new InflightMessage(packetId, d);
        m.released = released;
        writableInflight().put(packetId, m);
        inflightBytes += d.message().size();
        nextPacketId = packetId == 65535 ? 1 : packetId + 1;
    }

    private ArrayDeque<Delivery> waiting() {
        if (queue == null) {
            queue = new ArrayDeque<>();
        }
        return queue;
    }

    private Map<Integer, InflightMessage> writableInflight() {
        if (!(inflight instanceof LinkedHashMap)) {
            inflight = new LinkedHashMap<>();
        }
        return inflight;
    }

    private int allocatePacketId() {
        // [MQTT-2.2.1-3] non-zero, and not one still in use by this session
        for (int tries = 0; tries < 65535; tries++) {
            int id = nextPacketId;
            nextPacketId = id == 65535 ? 1 : id + 1;
            if (!inflight.containsKey(id)) {
                return id;
            }
        }
        throw new IllegalStateException("no free packet identifier");
    }

    /** Drops messages whose expiry passed while they waited (called on reconnect). */
    void dropExpired() {
        long now = clock.millis();
        if (queue == null) {
            return;
        }
        for (Iterator<Delivery> it = queue.iterator(); it.hasNext(); ) {
            Delivery d = it.next();
            if (d.message().isExpired(now)) {
                it.remove();
                queuedBytes -= d.message().size();
                counters.onExpired();
                unstore(d);
            }
        }
    }

    /** One outbound QoS 1/2 message awaiting acknowledgement. */
    private static final class InflightMessage {
        final int packetId;
        final Delivery delivery;
        /** PUBREC received and PUBREL sent: only PUBCOMP is awaited. */
        boolean released;

        InflightMessage(int packetId, Delivery delivery) {
            this.packetId = packetId;
            this.delivery = delivery;
        }
    }
}
