package io.tombo.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.IntFunction;

/**
 * The connections of {@code bench conn} over TLS: blocking {@link BenchConnection}s opened by the {@link Connector},
 * each then read by an idle reader on its own virtual thread. Several times the CPU per connect of
 * {@link SelectorFleet} (a virtual thread parks and is woken by the JDK's poller at every read), which is small
 * beside a TLS handshake.
 */
final class ThreadFleet implements Fleet {
    private final Target target;
    private final BenchClock clock;
    private final double rate;
    private final int concurrency;
    private final List<BenchConnection> live = new ArrayList<>();
    private final List<Thread> readers = new ArrayList<>();
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean closing;
    private Thread pinger;

    ThreadFleet(Target target, BenchClock clock, double connectionsPerSecond, int concurrency) {
        this.target = target;
        this.clock = clock;
        this.rate = connectionsPerSecond;
        this.concurrency = concurrency;
    }

    @Override
    public Opened open(int count, IntFunction<String> clientId) throws InterruptedException {
        Connector.Opened opened = new Connector(target, clock, rate, concurrency).open(count, clientId);
        for (BenchConnection c : opened.connections()) {
            if (c != null) {
                live.add(c);
                readers.add(Thread.ofVirtual().start(new IdleReader(c)));
            }
        }
        pinger = Pinger.start(target.keepAliveSeconds(), () -> live);
        return new Opened(live.size(), opened.connectNanos(), opened.elapsedNanos(), opened.failures());
    }

    @Override
    public long dropped() {
        return dropped.get();
    }

    @Override
    public void close() throws InterruptedException {
        closing = true;
        if (pinger != null) {
            pinger.interrupt();
            pinger.join();
        }
        live.forEach(BenchConnection::disconnect);
        for (Thread t : readers) {
            t.join();
        }
    }

    /** Reads and ignores everything (PINGRESP) on an idle connection until it closes. */
    private final class IdleReader extends Reader {
        IdleReader(BenchConnection connection) {
            super(connection, 256);
        }

        @Override
        public void publish(int qos, int packetId, byte[] b, int payloadAt, int payloadLength) {
        }

        @Override
        public void acknowledgement(int type, int packetId, int reason) {
        }

        @Override
        protected void batchEnd() {
        }

        @Override
        protected void ended() {
            if (!closing) {
                dropped.incrementAndGet();
            }
        }
    }
}
