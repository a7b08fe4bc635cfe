package io.tombo.it.robust;

import io.tombo.it.BrokerUnderTest;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** A client subscribed to $SYS topics that remembers the last value of each; read it inside an await. */
final class SysWatcher implements AutoCloseable {
    private final Peer peer;
    private final Map<String, String> latest = new HashMap<>();

    private SysWatcher(Peer peer) {
        this.peer = peer;
    }

    static SysWatcher watch(BrokerUnderTest broker, String clientId, String... filters) {
        Peer p = Peer.connected(broker, Wire.V311, clientId);
        int id = 1;
        for (String f : filters) {
            p.subscribe(Wire.V311, id++, f, 0);
        }
        return new SysWatcher(p);
    }

    /** The last number published on {@code topic}, or -1 if none came yet. */
    long number(String topic) {
        drain();
        String v = latest.get(topic);
        return v == null ? -1 : Long.parseLong(v.trim());
    }

    private void drain() {
        for (int i = 0; i < 10_000; i++) {
            Peer.Packet p = peer.poll(Duration.ofMillis(20));
            if (p == null) {
                return;
            }
            if (p.type() == Wire.PUBLISH) {
                latest.put(p.topic(), p.payloadText(Wire.V311));
            }
        }
    }

    @Override
    public void close() {
        peer.close();
    }
}
