package io.tombo.broker;

import io.tombo.codec.QoS;
import io.tombo.codec.RetainHandling;
import io.tombo.codec.Subscription;
import io.tombo.store.Change;
import io.tombo.store.StoredEntry;
import io.tombo.store.StoredSession;
import io.tombo.store.StoredSubscription;
import io.tombo.store.StoredWill;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;
import java.util.function.Function;

/**
 * Sessions by client identifier [MQTT-4.1.0-1], and the hand-over between connections: a CONNECT for a client id
 * whose session is attached elsewhere takes it over [MQTT-3.1.4-3], on the session's home thread, so the old
 * connection's thread and the new one never touch the session at the same time.
 */
public final class SessionRegistry {
    private static final Logger log = LoggerFactory.getLogger(SessionRegistry.class);

    private final Map<String, Session> sessions = new ConcurrentHashMap<>();
    private final SubscriptionIndex index;
    private volatile SessionLimits limits;
    private final BrokerCounters counters;
    private final InstantSource clock;
    private final Persistence persistence;
    private final SessionContext context;
    private Router router;

    SessionRegistry(SubscriptionIndex index, SessionLimits limits, BrokerCounters counters, InstantSource clock,
                    Persistence persistence) {
        this.index = index;
        this.limits = limits;
        this.counters = counters;
        this.clock = clock;
        this.persistence = persistence;
        this.context = new SessionContext(this::limits, counters, clock, persistence);
    }

    SessionLimits limits() {
        return limits;
    }

    /** New limits for every session, live ones included (SIGHUP). */
    void limits(SessionLimits fresh) {
        this.limits = fresh;
    }

    void router(Router r) {
        this.router = r;
    }

    /**
     * Finds or creates the session for {@code clientId} and hands it, owned by {@code here}, to {@code then}
     * (run on {@code here}) with whether it was resumed. A connected owner is closed first through
     * {@code Connection#takenOver}. {@code cleanStart} discards the old session [MQTT-3.1.2-4].
     */
    void open(String clientId, boolean cleanStart, HomeThread here, BiConsumer<Session, Boolean> then) {
        Session existing = sessions.get(clientId);
        if (existing == null) {
            Session fresh = new Session(clientId, here, context);
            if (sessions.putIfAbsent(clientId, fresh) == null) {
                then.accept(fresh, false);
            } else {
                open(clientId, cleanStart, here, then);
            }
            return;
        }
        existing.home().execute(() -> takeOver(existing, cleanStart, here, then));
    }

    private void takeOver(Session existing, boolean cleanStart, HomeThread here, BiConsumer<Session, Boolean> then) {
        if (!existing.home().inThread()) {
            existing.home().execute(() -> takeOver(existing, cleanStart, here, then));
            return;
        }
        if (existing.isEnded()) {
            here.execute(() -> open(existing.clientId(), cleanStart, here, then));
            return;
        }
        Outbound previous = existing.outbound();
        if (previous != null) {
            previous.takenOver(); // may end the session: one with expiry 0 ends with its connection
        }
        if (cleanStart || existing.isEnded()) {
            if (!existing.isEnded()) {
                end(existing);
            }
            Session fresh = new Session(existing.clientId(), here, context);
            sessions.put(existing.clientId(), fresh);
            here.execute(() -> then.accept(fresh, false));
            return;
        }
        existing.cancelExpiry();
        PendingWill will = existing.pendingWill();
        if (will != null && will.timer() != null) {
            will.timer().cancel(); // reconnected within the will delay: no will [MQTT-3.1.3-9]
            existing.pendingWill(null);
        }
        existing.moveTo(here);
        here.execute(() -> then.accept(existing, true));
    }

    /** Ends {@code session} on its home thread: its will goes out, its subscriptions and queue go away. */
    void end(Session session) {
        PendingWill will = session.pendingWill();
        if (will != null) {
            if (will.timer() != null) {
                will.timer().cancel();
            }
            session.pendingWill(null);
            router.publish(will.message()); // the session ended before the will delay did [MQTT-3.1.2-8]
        }
        for (String filter : session.subscriptions().keySet()) {
            index.unsubscribe(filter, session);
        }
        session.subscriptions().clear();
        session.end();
        sessions.remove(session.clientId(), session);
        persistence.record(new Change.DeleteSession(session.clientId()));
        log.debug("client={} session ended", session.clientId());
    }

    /** Ends {@code session} if it is still disconnected when its expiry timer fires [MQTT-3.1.2-23] (5.0). */
    void expire(Session session) {
        if (!session.isConnected() && !session.isEnded()) {
            counters.onSessionExpired();
            end(session);
        }
    }

    /** Writes the session's own row (expiry, disconnect time, will) if it is kept in the durable store. */
    void save(Session s) {
        if (s.persists()) {
            persistence.record(new Change.PutSession(s.clientId(), s.expiryInterval(), s.disconnectedAtMillis(),
                    s.durableWill()));
        }
    }

    /**
     * Rebuilds the sessions of the durable store at start-up, each owned by {@code homeFor(clientId)}: subscriptions
     * back in the index, queue and in-flight entries in order, inbound QoS 2 identifiers. Time spent down counts
     * against session expiry and will delay; a client that was connected when the broker stopped lost its
     * connection then, so its will is due [MQTT-3.1.2-8].
     */
    void restore(List<StoredSession> stored, Function<String, HomeThread> homeFor) {
        long now = clock.millis();
        Map<Long, Message> messages = new HashMap<>();
        for (StoredSession ss : stored) {
            Session s = new Session(ss.clientId(), homeFor.apply(ss.clientId()), context);
            s.expiryInterval(ss.expiryInterval());
            for (StoredSubscription sub : ss.subscriptions()) {
                Subscriber subscriber = new Subscriber(s, new Subscription(sub.topicFilter(), QoS.of(sub.qos()),
                        sub.noLocal(), sub.retainAsPublished(), RetainHandling.of(sub.retainHandling())),
                        sub.subscriptionId());
                index.subscribe(sub.topicFilter(), subscriber);
                s.subscriptions().put(sub.topicFilter(), subscriber);
            }
            for (StoredEntry e : ss.entries()) {
                Message m = messages.computeIfAbsent(e.messageId(), id -> Message.restored(e.message(), id));
                Delivery d = new Delivery(m, QoS.of(e.qos()), e.retainFlag(), e.subscriptionIds(), true);
                if (e.packetId() != 0) {
                    s.restoreInflight(e.packetId(), d, e.released());
                } else {
                    s.restoreQueued(d);
                }
            }
            s.awaitingRelease().addAll(ss.awaitingRelease());
            long downSince = ss.disconnectedAtMillis() == 0 ? now : ss.disconnectedAtMillis();
            s.disconnectedAtMillis(downSince);
            s.durableWill(ss.will());
            sessions.put(ss.clientId(), s);
            s.home().execute(() -> resumeTimers(s, now));
        }
        if (!stored.isEmpty()) {
            log.info("Restored {} sessions from the store.", stored.size());
        }
    }

    /** On a restored session's home thread: its will and expiry, counting the time the broker was down. */
    private void resumeTimers(Session s, long now) {
        StoredWill will = s.durableWill();
        if (will != null) {
            Message m = Message.restored(will.message(), 0).withRetain(will.retain());
            long delay = s.disconnectedAtMillis() + will.delaySeconds() * 1000 - now;
            PendingWill[] pending = new PendingWill[1];
            pending[0] = new PendingWill(m, s.home().schedule(() -> {
                if (s.pendingWill() == pending[0]) {
                    s.pendingWill(null);
                    s.durableWill(null);
                    save(s);
                    router.publish(m);
                }
            }, Math.max(0, delay), TimeUnit.MILLISECONDS));
            s.pendingWill(pending[0]);
        }
        save(s);
        s.scheduleExpiry(() -> expire(s), s.disconnectedAtMillis() + s.expiryInterval() * 1000 - now);
    }

    public int size() {
        return sessions.size();
    }

    Collection<Session> all() {
        return sessions.values();
    }
}
