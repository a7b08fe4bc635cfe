package io.tombo.store;

import java.util.function.Consumer;

/**
 * The broker state that must survive a restart. {@link MemoryStore} keeps nothing beyond the process (Mosquitto's
 * {@code persistence false}); a durable store commits each change before the broker acknowledges it.
 * Calls may come from any thread; implementations are thread-safe.
 *
 * <p>The store sees retained messages as opaque records of the broker's choosing: {@link StoredMessage}.
 */
public interface Store extends AutoCloseable {

    void saveRetained(StoredMessage message);

    void removeRetained(String topic);

    /** Feeds every stored retained message to {@code sink} (at start-up). */
    void loadRetained(Consumer<StoredMessage> sink);

    @Override
    void close();
}
