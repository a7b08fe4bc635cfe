package io.tombo.broker;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/** Broker-wide counters for $SYS and metrics; written from every event loop without contention. */
public final class BrokerCounters {
    private final LongAdder messagesReceived = new LongAdder();
    private final LongAdder messagesSent = new LongAdder();
    private final LongAdder publishReceived = new LongAdder();
    private final LongAdder publishSent = new LongAdder();
    private final LongAdder bytesReceived = new LongAdder();
    private final LongAdder bytesSent = new LongAdder();
    private final LongAdder dropped = new LongAdder();
    private final LongAdder expired = new LongAdder();
    private final AtomicLong connected = new AtomicLong();
    private final LongAdder connections = new LongAdder();
    private final LongAdder expiredSessions = new LongAdder();
    private final AtomicLong maximumConnected = new AtomicLong();
    private final LongAdder connectionsMoved = new LongAdder();

    /** {@code n} packets of any type received (Mosquitto's messages/received), counted per read batch. */
    public void messagesReceived(long n) {
        messagesReceived.add(n);
    }

    /** {@code n} packets of any type sent (Mosquitto's messages/sent), counted per flush. */
    public void messagesSent(long n) {
        messagesSent.add(n);
    }

    void onPublishReceived() {
        publishReceived.increment();
    }

    void onPublishSent() {
        publishSent.increment();
    }

    public void bytesReceived(long n) {
        bytesReceived.add(n);
    }

    public void bytesSent(long n) {
        bytesSent.add(n);
    }

    void onDropped() {
        dropped.increment();
    }

    void onExpired() {
        expired.increment();
    }

    void onConnectionMoved() {
        connectionsMoved.increment();
    }

    /** Connections moved to another event loop ({@link Colocation}) since the start. */
    public long connectionsMoved() {
        return connectionsMoved.sum();
    }

    void onSessionExpired() {
        expiredSessions.increment();
    }

    void clientConnected() {
        connections.increment();
        long now = connected.incrementAndGet();
        maximumConnected.accumulateAndGet(now, Math::max);
    }

    void clientDisconnected() {
        connected.decrementAndGet();
    }

    public long messagesReceived() {
        return messagesReceived.sum();
    }

    public long messagesSent() {
        return messagesSent.sum();
    }

    public long publishReceived() {
        return publishReceived.sum();
    }

    public long publishSent() {
        return publishSent.sum();
    }

    public long bytesReceived() {
        return bytesReceived.sum();
    }

    public long bytesSent() {
        return bytesSent.sum();
    }

    public long dropped() {
        return dropped.sum();
    }

    public long expired() {
        return expired.sum();
    }

    /** Connections accepted since start (for the connection load average). */
    public long connections() {
        return connections.sum();
    }

    public long expiredSessions() {
        return expiredSessions.sum();
    }

    public long connected() {
        return connected.get();
    }

    public long maximumConnected() {
        return maximumConnected.get();
    }
}
