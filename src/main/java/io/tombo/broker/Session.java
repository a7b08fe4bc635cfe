package io.tombo.broker;

import io.tombo.codec.QoS;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
    /** QoS 2 messages of a durable session that may wait for their MarkSent commit beyond the window. */
    static final int MARKED_AHEAD = 1000;
    /** Beyond twice max_queued_messages, what a live session's racing publishers may still add before they wait. */
    private static final int OVERSHOOT = 1000;

    private final String clientId;
    /** What every session shares (limits, counters, clock, persistence): one reference instead of four. */
    private final SessionContext context;
    private volatile HomeThread home;
    private volatile boolean connected;
    private volatile boolean ended;

    private Outbound outbound;
    // Created on first use: most sessions never subscribe, never use QoS 2 and never queue, and 10,000 idle
    // clients should cost little heap (BENCHMARKS.md, heap per idle connection).
    private Map<String, Subscriber> subscriptions;
    private final Inflight inflight = new Inflight();
    /** Null until a message has to wait. */
    private ArrayDeque<Delivery> queue;
    private long queuedBytes;
    private Set<Integer> awaitingRelease;
    private final Backlog backlog = new Backlog();
    /**
     * When the client last acknowledged a message or drained its socket: a session that is behind and makes no
     * progress for {@link SessionLimits#publisherHoldMillis} stops holding publishers back (written by the home,
     * read by publishers).
     */
    private volatile long progressAtMillis;
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
        this.context = context;
    }

    /**
     * Whether this session is kept in the durable store: it outlives its connection and the store is durable.
     * Its QoS 1/2 queue entries are then written there, by the publisher or by the session itself.
     */
    boolean persists() {
        return expiryInterval != 0 && context.persistence().durable();
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

    /**
     * Whether nothing is, or can be, on its way to this session: no subscription, nothing queued or in flight. Such
     * a session's connection can move to another home thread with no delivery to keep in order ({@link Colocation}).
     */
    boolean receivesNothing() {
        return (subscriptions == null || subscriptions.isEmpty()) && queuedCount() == 0 && inflight.size() == 0;
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
            if (delivery.qos() != QoS.AT_MOST_ONCE) {
                backlog.handedOver();
            }
            h.execute(() -> takeHandedOver(delivery));
            return;
        }
        if (ended) {
            return;
        }
        if (delivery.message().isExpired(context.clock().millis())) {
            context.counters().onExpired();
            return;
        }
        if (!connected && delivery.qos() == QoS.AT_MOST_ONCE && !context.limits().get().queueQos0Messages()) {
            return; // Mosquitto keeps no QoS 0 messages for offline clients unless asked to
        }
        Delivery d = delivery;
        if (!d.stored() && d.qos() != QoS.AT_MOST_ONCE && persists()) {
            // not written by a publisher (a retained message on subscribe, a will): the session writes it
            long id = context.persistence().idOf(d.message());
            context.persistence().record(new Change.EnqueueWithBody(clientId, id, d.message().stored(), d.qos().value(),
                    d.retainFlag(), d.subscriptionIds()));
            d = d.asStored();
        }
        if (connected && queuedCount() == 0 && canTake(d.qos())) {
            send(d);
            flush();
        } else {
            enqueue(d);
        }
    }

    /**
     * As {@link #deliver(Delivery)}, called on a home thread: a delivery for another home thread goes into
     * {@code via} and leaves with the others of this pass.
     */
    void deliver(Delivery delivery, Handover via) {
        HomeThread h = home;
        if (h.inThread()) {
            deliver(delivery);
            return;
        }
        if (delivery.qos() != QoS.AT_MOST_ONCE) {
            backlog.handedOver();
        }
        via.add(h, this, delivery);
    }

    /** A delivery handed over from another thread (alone or in a {@link Handover} batch), on its home. */
    void takeHandedOver(Delivery delivery) {
        if (delivery.qos() != QoS.AT_MOST_ONCE) {
            backlog.takenOver(highWater());
        }
        deliver(delivery);
    }

    /**
     * Connects {@code out} to this session and resends what was in flight, in order, with its original identifier
     * and DUP set (or its PUBREL) [MQTT-4.4.0-1], as the window allows.
     */
    void attach(Outbound out) {
        cancelExpiry();
        this.outbound = out;
        this.connected = true;
        inflight.reattach();
        pump();
    }

    /** The connection is gone; the session waits for the next one or its expiry. */
    void detach() {
        this.outbound = null;
        this.connected = false;
        backlog.wakeAll(); // an offline session holds nobody back: its queue limits apply, as in Mosquitto
    }

    /**
     * Whether publishers should hold back QoS 1/2 messages for this session (any thread): it is connected and
     * its backlog reached the high-water mark.
     */
    boolean congested() {
        return connected && backlog.congested(highWater()) && holdsPublishersBack(context.limits().get());
    }

    /** Whether publishers wait for this session rather than see its queue limit: it is live and makes progress. */
    private boolean holdsPublishersBack(SessionLimits l) {
        long hold = l.publisherHoldMillis();
        return connected && hold > 0 && context.clock().millis() - progressAtMillis < hold;
    }

    /** How long a publisher held back for this session waits before it looks again. */
    long holdMillis() {
        return context.limits().get().publisherHoldMillis();
    }

    /** Runs {@code wake} (on any thread) once this session's backlog has drained, or it went offline. */
    void whenDrained(Runnable wake) {
        backlog.whenDrained(wake, highWater());
        if (!connected) {
            backlog.wakeAll();
        }
    }

    /**
     * Half of {@code max_queued_messages}: publishers wait well before a connected subscriber's queue overflows;
     * 1000 when the queue is unlimited, so memory stays bounded anyway.
     */
    private int highWater() {
        int max = context.limits().get().maxQueuedMessages();
        return max > 0 ? Math.max(1, max / 2) : 1000;
    }

    private void queueChanged() {
        backlog.queued(queuedCount(), highWater());
    }

    /** Moves queued messages into the window while the client can take them. */
    void pump() {
        progressAtMillis = context.clock().millis(); // called when the client acknowledged or drained its socket
        while (connected && queuedCount() > 0 && canTake(queue.peekFirst().qos())) {
            Delivery d = queue.pollFirst();
            queuedBytes -= d.message().size();
            if (d.message().isExpired(context.clock().millis())) {
                context.counters().onExpired(); // [MQTT-3.3.2-5]
                unstore(d);
                continue;
            }
            send(d);
        }
        queueChanged();
        flush();
    }

    /** PUBACK from the client; false when no such message was in flight. */
    boolean acknowledge(int packetId) {
        Inflight.Entry m = inflight.get(packetId);
        if (m == null || m.delivery.qos() != QoS.AT_LEAST_ONCE) {
            return false;
        }
        forget(packetId);
        pump();
        return true;
    }

    /** PUBREC from the client: answer PUBREL, or give up the message when the client refused it. */
    boolean received(int packetId, boolean refused) {
        Inflight.Entry m = inflight.get(packetId);
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
            if (m.onWire) {
                outbound.sendPubRel(packetId);
            } // else it waits for its turn in flush()
            return true;
        }
        // PUBREL only once the store knows: restored as "awaiting PUBREC", the message would be sent again after
        // PUBREL [MQTT-4.3.3-6] and the receiver, its id released, would take it as new
        m.committed = false;
        Persistence persistence = context.persistence();
        persistence.apply(List.of(new Change.MarkReleased(clientId, persistence.idOf(m.delivery.message()))), home,
                this, () -> onHome(() -> committed(m, true)));
        return true;
    }

    /** PUBCOMP from the client. */
    boolean completed(int packetId) {
        Inflight.Entry m = inflight.get(packetId);
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
        inflight.clear();
        queuedBytes = 0;
        queueChanged();
        backlog.wakeAll();
    }

    /**
     * Whether the next message of the queue may take a packet identifier now. A session kept in the durable store
     * takes up to {@link #MARKED_AHEAD} QoS 2 messages more (at least a second window) ahead of the wire: they wait for
     * their MarkSent commit while the window is on the wire, so a PUBREC finds the next message ready instead of
     * waiting a commit for it. A commit under load takes milliseconds; a thousand messages cover that at 100,000 msg/s.
     */
    private boolean canTake(QoS qos) {
        Outbound out = outbound;
        if (out == null || !out.isWritable()) {
            return false;
        }
        if (qos == QoS.AT_MOST_ONCE) {
            return true;
        }
        SessionLimits l = context.limits().get();
        if (l.maxInflightBytes() > 0 && inflight.bytes() >= l.maxInflightBytes()) {
            return false;
        }
        int window = window(out);
        int ahead = qos == QoS.EXACTLY_ONCE && persists() ? Math.max(window, MARKED_AHEAD) : 0;
        return inflight.size() < Math.min(65_535, window + ahead); // [MQTT-2.2.1-3] distinct identifiers
    }

    /** QoS 1/2 messages the client may have on the wire unacknowledged [MQTT-3.3.4-9]. */
    private int window(Outbound out) {
        int window = out.receiveMaximum();
        int max = context.limits().get().maxInflightMessages();
        return max > 0 ? Math.min(window, max) : window;
    }

    /**
     * Puts waiting messages on the wire, in order, while the window allows: the first time as they are, again (after
     * a reconnection or a restart) with DUP set, or as PUBREL once PUBREC came. One whose change is not committed yet
     * stops the pass, so order is kept; its commit calls this again.
     */
    private void flush() {
        Outbound out = outbound;
        if (out == null) {
            return;
        }
        int window = window(out);
        Inflight.Entry m;
        while (out.isWritable() && (m = inflight.next(window)) != null) {
            if (m.released) {
                out.sendPubRel(m.packetId);
            } else {
                transmit(m);
            }
        }
    }

    /** The store committed {@code m}'s MarkSent ({@code released} false) or MarkReleased. */
    private void committed(Inflight.Entry m, boolean released) {
        m.committed = true;
        if (!inflight.holds(m) || outbound == null) {
            return;
        }
        if (released && m.onWire) {
            outbound.sendPubRel(m.packetId); // PUBREC came on this connection
        }
        flush();
    }

    private void send(Delivery d) {
        if (d.qos() == QoS.AT_MOST_ONCE) {
            outbound.sendPublish(d, 0, false);
            return;
        }
        Inflight.Entry m = inflight.take(d);
        if (!d.stored()) {
            return;
        }
        Change mark = new Change.MarkSent(clientId, context.persistence().idOf(d.message()), m.packetId);
        if (d.qos() == QoS.AT_LEAST_ONCE) {
            // Sent at once: after a crash before the mark's commit the message is restored as queued and sent again
            // under a new identifier, which a QoS 1 receiver must take as new whatever DUP says (5.0, 4.3.2) —
            // at least once holds. Once committed, a restart resends it with its identifier and DUP [MQTT-4.4.0-1].
            // In the commit that stores the entry the mark costs nothing (NetChanges folds it into the INSERT).
            context.persistence().record(mark);
            return;
        }
        // QoS 2: the packet identifier is on disk before the PUBLISH leaves. Sent first, a crash before the commit
        // would restore the message as queued and send it again as new, under another identifier: a receiver that
        // delivers on PUBLISH (method A) would deliver it twice. Stored first, it is resent with its original
        // identifier and DUP [MQTT-4.4.0-1] (5.0) and the receiver recognises it.
        m.committed = false;
        context.persistence().apply(List.of(mark), home, this, () -> onHome(() -> committed(m, false)));
    }

    /** Runs {@code task} on the session's current home: it may have moved while a commit was under way. */
    private void onHome(Runnable task) {
        HomeThread h = home;
        if (h.inThread()) {
            task.run();
        } else {
            h.execute(() -> onHome(task));
        }
    }

    private void transmit(Inflight.Entry m) {
        boolean again = m.sent;
        m.sent = true;
        if (!outbound.sendPublish(m.delivery, m.packetId, again)) {
            forget(m.packetId); // larger than the client's maximum packet size: discarded [MQTT-3.1.2-25]
        }
    }

    private void enqueue(Delivery d) {
        int size = d.message().size();
        SessionLimits l = context.limits().get();
        boolean full = (l.maxQueuedMessages() > 0 && queuedCount() >= l.maxQueuedMessages())
                || (l.maxQueuedBytes() > 0 && queuedBytes + size > l.maxQueuedBytes());
        if (full && d.qos() != QoS.AT_MOST_ONCE && holdsPublishersBack(l)
                && queuedCount() < 2 * l.maxQueuedMessages() + OVERSHOOT) {
            // Its publishers are being held back, but each may have routed one message more before it saw the
            // backlog, and several publishers on other threads race with the count: those are kept, not dropped.
            full = false;
        }
        full |= l.overMemoryLimit();
        if (full) {
            unstore(d);
            dropped++;
            context.counters().onDropped();
            if (dropped == 1 || dropped % 1000 == 0) {
                log.warn("client={} queue full ({} messages, {} bytes): dropped {} messages so far",
                        clientId, queuedCount(), queuedBytes, dropped);
            }
            return;
        }
        if (queuedCount() == 0) {
            progressAtMillis = context.clock().millis(); // the wait starts now, however long the session was idle
        }
        queue().addLast(d);
        queuedBytes += size;
        queueChanged();
    }

    private void forget(int packetId) {
        unstore(inflight.remove(packetId).delivery);
    }

    /** The delivery is done with (acknowledged, refused, dropped, expired): its stored entry goes. */
    private void unstore(Delivery d) {
        if (d.stored()) {
            context.persistence().record(new Change.Dequeue(clientId, context.persistence().idOf(d.message())));
        }
    }

    private ArrayDeque<Delivery> queue() {
        if (queue == null) {
            queue = new ArrayDeque<>();
        }
        return queue;
    }

    /** A queued message restored from the store, in queue order. */
    void restoreQueued(Delivery d) {
        queue().addLast(d);
        queuedBytes += d.message().size();
        queueChanged();
    }

    /** An in-flight message restored from the store: resent with DUP (or its PUBREL resent) on attach. */
    void restoreInflight(int packetId, Delivery d, boolean released) {
        inflight.restore(packetId, d, released);
    }

    /** Drops messages whose expiry passed while they waited (called on reconnect). */
    void dropExpired() {
        long now = context.clock().millis();
        if (queue == null) {
            return;
        }
        for (Iterator<Delivery> it = queue.iterator(); it.hasNext(); ) {
            Delivery d = it.next();
            if (d.message().isExpired(now)) {
                it.remove();
                queuedBytes -= d.message().size();
                context.counters().onExpired();
                unstore(d);
            }
        }
        queueChanged();
    }
}
