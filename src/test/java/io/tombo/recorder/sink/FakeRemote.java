package io.tombo.recorder.sink;

import io.tombo.recorder.Reading;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A remote in memory that can be taken down and that refuses keys it is told to; counts writes per key. */
final class FakeRemote implements Remote {
    final List<String> received = new CopyOnWriteArrayList<>();
    final Set<String> poison = ConcurrentHashMap.newKeySet();
    volatile boolean down;
    volatile int attempts;
    volatile boolean closed;
    private final int batch;

    FakeRemote(int batch) {
        this.batch = batch;
    }

    @Override
    public List<Rejection> write(List<Reading> readings) throws IOException {
        attempts++;
        if (down) {
            throw new IOException("connection refused");
        }
        List<Rejection> rejected = new ArrayList<>();
        for (Reading r : readings) {
            if (poison.contains(r.key())) {
                rejected.add(new Rejection(r, "poison"));
            } else {
                received.add(r.key());
            }
        }
        return rejected;
    }

    @Override
    public int batchSize() {
        return batch;
    }

    @Override
    public String describe() {
        return "fake";
    }

    @Override
    public void close() {
        closed = true;
    }
}
