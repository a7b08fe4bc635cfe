package io.tombo.broker;

import io.tombo.codec.Connect;
import io.tombo.codec.Property;
import io.tombo.codec.Will;

import java.util.concurrent.TimeUnit;

/**
 * Publishing a will when its connection closes without a normal DISCONNECT [MQTT-3.1.2-8]: at once, or after
 * the 5.0 Will Delay Interval, or when the session ends if that comes first [MQTT-3.1.3-9]. A client that
 * resumes the session within the delay cancels it ({@link SessionRegistry}).
 */
final class Wills {
    private Wills() {
    }

    /** Runs on the session's home thread; {@code connect} is null when the will was discarded. */
    static void onConnectionClosed(Broker broker, Session session, Connect connect) {
        if (connect == null || connect.will() == null) {
            return;
        }
        Will w = connect.will();
        Message message = Message.of(w.topic(), w.qos(), w.retain(), w.payload(), w.properties(),
                broker.clock().millis(), session.clientId());
        long delay = 0;
        if (connect.version().isV5()) {
            Long d = w.properties().fourByte(Property.WILL_DELAY_INTERVAL);
            delay = d == null ? 0 : d;
            if (session.expiryInterval() >= 0) {
                delay = Math.min(delay, session.expiryInterval());
            }
        }
        if (delay == 0) {
            broker.router().publish(message);
            return;
        }
        PendingWill[] pending = new PendingWill[1];
        HomeThread.Cancellable timer = session.home().schedule(() -> {
            if (session.pendingWill() == pending[0]) {
                session.pendingWill(null);
                broker.router().publish(message);
            }
        }, delay, TimeUnit.SECONDS);
        pending[0] = new PendingWill(message, timer);
        session.pendingWill(pending[0]);
    }
}
