package io.tombo.bench;

import java.util.ArrayList;
import java.util.List;

/**
 * The message scenarios on blocking sockets: a thread per connection reader and per publisher loop, and a
 * {@link Pinger}. Needed for TLS ({@link javax.net.ssl.SSLSocket} is blocking); on plain TCP it costs a wake-up per
 * small read, several times the CPU of the {@link SelectorEngine}. Readers start at once, so a subscriber reads what
 * arrives while the others are still connecting.
 */
final class ThreadEngine implements Engine {
    private final Thread.Builder workers;
    private final int keepAliveSeconds;
    private final List<BenchConnection> connections = new ArrayList<>();
    private final List<Publisher> publishers = new ArrayList<>();
    private final List<Thread> readers = new ArrayList<>();
    private final List<Thread> loops = new ArrayList<>();
    private Thread pinger;

    /**
     * @param platformThreads platform threads for a few hundred busy connections: a blocking read on a platform
     *                        thread is one system call, while a virtual thread parks and is woken by the poller
     *                        (several microseconds per small read); virtual threads beyond that
     */
    ThreadEngine(boolean platformThreads, int keepAliveSeconds) {
        this.workers = platformThreads ? Thread.ofPlatform().daemon() : Thread.ofVirtual();
        this.keepAliveSeconds = keepAliveSeconds;
    }

    @Override
    public void subscriber(SubscriberReader reader) {
        connections.add(reader.connection);
        readers.add(workers.start(reader));
    }

    @Override
    public void publisher(Publisher publisher) {
        connections.add(publisher.connection());
        publishers.add(publisher);
        readers.add(workers.start(publisher.reader()));
    }

    @Override
    public void start() {
        pinger = Pinger.start(keepAliveSeconds, () -> connections);
        for (Publisher p : publishers) {
            loops.add(workers.start(p::run));
        }
    }

    @Override
    public void awaitPublishers() throws InterruptedException {
        for (Thread t : loops) {
            t.join();
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (pinger != null) {
            pinger.interrupt();
        }
        connections.forEach(BenchConnection::disconnect);
        awaitPublishers();
        for (Thread t : readers) {
            t.join();
        }
    }

    @Override
    public List<String> errors() {
        return List.of();
    }
}
