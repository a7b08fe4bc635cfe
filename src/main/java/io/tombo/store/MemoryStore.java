package io.tombo.store;

import java.util.List;

/**
 * Mosquitto's {@code persistence false}: the broker's in-memory structures are the only copy, so this store
 * records nothing, acknowledges at once, and a restart starts empty.
 */
public final class MemoryStore implements Store {

    @Override
    public boolean durable() {
        return false;
    }

    @Override
    public void apply(List<Change> changes, Runnable afterCommit) {
        if (afterCommit != null) {
            afterCommit.run();
        }
    }

    @Override
    public Snapshot load() {
        return Snapshot.EMPTY;
    }

    @Override
    public void close() {
    }
}
