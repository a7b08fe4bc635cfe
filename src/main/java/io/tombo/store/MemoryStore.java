package io.tombo.store;

import java.util.function.Consumer;

/**
 * Mosquitto's {@code persistence false}: the broker's own in-memory structures are the only copy, so this store
 * records nothing and a restart starts empty.
 */
public final class MemoryStore implements Store {

    @Override
    public void saveRetained(StoredMessage message) {
    }

    @Override
    public void removeRetained(String topic) {
    }

    @Override
    public void loadRetained(Consumer<StoredMessage> sink) {
    }

    @Override
    public void close() {
    }
}
