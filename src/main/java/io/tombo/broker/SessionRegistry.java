package io.tombo.broker;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.InstantSource;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;

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
    private Router router;

    SessionRegistry(SubscriptionIndex index, SessionLimits limits, BrokerCounters counters, InstantSource clock) {
        this.index = index;
        this.limits = limits;
        this.counters = counters;
        this.clock = clock;
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
            Session fresh = new Session(clientId, here, this::limits, counters, clock);
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
            Session fresh = new Session(existing.clientId(), here, this::limits, counters, clock);
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
        log.debug("client={} session ended", session.clientId());
    }

    /** Ends {@code session} if it is still disconnected when its expiry timer fires [MQTT-3.1.2-23] (5.0). */
    void expire(Session session) {
        if (!session.isConnected() && !session.isEnded()) {
            counters.onSessionExpired();
            end(session);
        }
    }

    public int size() {
        return sessions.size();
    }

    Collection<Session> all() {
        return sessions.values();
    }
}
