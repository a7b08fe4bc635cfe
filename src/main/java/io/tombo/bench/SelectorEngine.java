package io.tombo.bench;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * The message scenarios on plain TCP: every connection on one of {@code threads} {@link SelectorLoop}s, dealt in
 * turn (subscribers first, then publishers), so that the generator needs at most that many cores however many
 * connections it drives.
 */
final class SelectorEngine implements Engine {
    private final List<SelectorLoop> loops = new ArrayList<>();
    private int next;

    SelectorEngine(int threads, BenchClock clock, int keepAliveSeconds) throws IOException {
        for (int i = 0; i < threads; i++) {
            loops.add(new SelectorLoop(i, clock, keepAliveSeconds));
        }
    }

    @Override
    public void subscriber(SubscriberReader reader) throws IOException {
        nextLoop().add(reader.connection, reader, null);
    }

    @Override
    public void publisher(Publisher publisher) throws IOException {
        nextLoop().add(publisher.connection(), publisher.reader(), publisher);
    }

    private SelectorLoop nextLoop() {
        return loops.get(next++ % loops.size());
    }

    @Override
    public void start() {
        loops.forEach(SelectorLoop::start);
    }

    @Override
    public void awaitPublishers() throws InterruptedException {
        for (SelectorLoop loop : loops) {
            loop.awaitPublishers();
        }
    }

    @Override
    public void close() throws InterruptedException {
        for (SelectorLoop loop : loops) {
            loop.close();
        }
    }

    @Override
    public List<String> errors() {
        return loops.stream().map(SelectorLoop::error).filter(e -> e != null).toList();
    }
}
