package io.tombo.broker;

import io.tombo.codec.Connect;
import io.tombo.codec.Property;
import io.tombo.codec.Will;
import io.tombo.store.StoredWill;

import java.util.concurrent.TimeUnit;

/**
 * Publishing a will when its connection closes without a normal DISCONNECT [MQTT-3.1.2-8]: at once, or after
 * the 5.0 Will Delay Interval, or when the session ends if that comes first [MQTT-3.1.3-9]. A client that
 * resumes the session within the delay cancels it ({@link SessionRegistry}). With a durable store the will is
 * kept with the session, so a broker that stops still publishes it after a restart.
 */
final class Wills {
    private Wills() {
    }

    /** The will of {@code connect} as the durable store keeps it, or null when it has none. */
    static StoredWill stored(Broker broker, Session session, Connect connect) {
        if (connect.will() == null) {
            return null;
        }
        Will w = connect.will();
        return new StoredWill(message(broker, session, connect).stored(), w.retain(), delaySeconds(session, connect));
    }

    /** Runs on the session's home thread; {@code connect} is null when the will was discarded. */
    static void onConnectionClosed(Broker broker, Session session, Connect connect) {
        if (connect == null || connect.will() == null) {
            session.durableWill(null);
            return;
        }
        Message message = message(broker, session, connect);
        long delay = delaySeconds(session, connect);
        if (delay == 0) {
            session.durableWill(null);
            broker.router().publish(message);
            return;
        }
        PendingWill[] pending = new PendingWill[1];
        HomeThread.Cancellable timer = session.home().schedule(() -> {
            if (session.pendingWill() == pending[0]) {
                session.pendingWill(null);
                session.durableWill(null);
                broker.sessions().save(session);
                broker.router().publish(message);
            }
        }, delay, TimeUnit.SECONDS);
        pending[0] = new PendingWill(message, timer);
        session.pendingWill(pending[0]);
        session.durableWill(new StoredWill(message.stored(), message.retain(), delay));
    }

    private static Message message(Broker broker, Session session, Connect connect) {
        Will w = connect.will();
        return Message.of(w.topic(), w.qos(), w.retain(), w.payload(), w.properties(), broker.clock().millis(),
                session.clientId());
    }

    /** The 5.0 Will Delay Interval, never beyond the session's own expiry [MQTT-3.1.3-9]; 0 for 3.x. */
    private static long delaySeconds(Session session, Connect connect) {
        if (!connect.version().isV5()) {
            return 0;
        }
        Long d = connect.will().properties().fourByte(Property.WILL_DELAY_INTERVAL);
        long delay = d == null ? 0 : d;
        return session.expiryInterval() >= 0 ? Math.min(delay, session.expiryInterval()) : delay;
    }
}
